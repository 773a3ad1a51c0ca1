import CredexCore
import CredexTesting
import Foundation

/// A JSON Lines file of signed award records, one issuer's chain from seq 1, as `credex export`
/// writes them: for import tests.
struct RecordChainFile: Sendable {
    let url: URL
    let issuer: String
    let count: Int

    /// Signs `count` records with a `TestIssuer` made from `seed` and writes them to `url`.
    static func write(count: Int, seed: UInt8, to url: URL) throws -> RecordChainFile {
        var issuer = try TestIssuer(seed: seed)
        let spec = try RecordID(validating: String(repeating: "5e", count: 32))
        let learner = try RecordFactory.personalPart(fullName: "Imported Learner").commitment()
        let body = RecordFactory.awardBody(spec: spec, learner: learner)
        var lines = Data()
        lines.reserveCapacity(count * 800)
        for _ in 0..<count {
            lines.append(contentsOf: try issuer.next(kind: .award, body: body).canonicalBytes)
            lines.append(0x0A)
        }
        try lines.write(to: url)
        return RecordChainFile(url: url, issuer: issuer.nodeID.rawValue, count: count)
    }
}
