import CredexCore

extension RecognitionReport {
    /// The report's canonical JSON (RFC 8785): the same input always gives the same bytes.
    public func canonicalBytes() throws -> [UInt8] {
        try JSONValueEncoder().canonicalBytes(self)
    }

    /// Whether this report, regenerated from the saved one's records, has the saved report's canonical bytes,
    /// officer outcomes aside. A changed trust list, crosswalk version, record or Credex version shows as false.
    ///
    /// Regenerate with the saved `reproduction.generatedAt` and `target`.
    public func reproduces(_ saved: RecognitionReport) -> Bool {
        var mine = self
        var theirs = saved
        mine.decision = nil
        theirs.decision = nil
        guard let left = try? mine.canonicalBytes(), let right = try? theirs.canonicalBytes() else { return false }
        return left == right
    }
}
