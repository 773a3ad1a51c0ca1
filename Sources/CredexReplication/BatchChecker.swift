import CredexCore
import CredexTrust
import Foundation

/// A range asked of a peer: up to `limit` records of `issuer`'s log after seq `after`.
struct RangeRequest: Sendable, Hashable {
    let issuer: NodeID
    let after: Int64
    let limit: Int
    /// The id the first record's `prev` must name (the local head; nil at a log's start). With
    /// `checksLink` false (a fork probe), the first record may link anywhere.
    let linksTo: RecordID?
    let checksLink: Bool
}

/// What checking one pulled body found.
struct CheckedBatch: Sendable {
    /// The valid, chained prefix, in log order: what may be appended.
    var accepted: [VerifiedRecord] = []
    /// Why the record after `accepted` was refused.
    var refusal: Refusal?
    /// Why the record after `accepted` cannot be decided yet: it needs more of its log.
    var undetermined: String?
    /// Records parsed and signature-checked, and the wall time that took.
    var verified = 0
    var verifyTime: Duration = .zero
}

/// Checks a pulled body before anything of it is stored: framing, canonical bytes and range
/// (the peer's fault), then signatures and the trust list's rules by log position (the issuer's).
///
/// Records are parsed and verified in parallel on all cores; the checks that depend on order
/// then run in log order, and the first failure ends the accepted prefix.
struct BatchChecker: Sendable {
    let peer: NodeID
    let trust: FederationTrust
    let request: RangeRequest

    func check(_ body: [UInt8]) async -> CheckedBatch {
        var result = CheckedBatch()
        let (frames, frameError) = RecordFrames.prefix(of: body)
        let start = ContinuousClock.now
        let parsed = await Self.parse(frames.prefix(request.limit))
        result.verifyTime = ContinuousClock.now - start
        result.verified = parsed.count

        var chain: [ParsedRecord] = []
        var wireRefusal = wireCheck(parsed, into: &chain)
        if wireRefusal == nil, frames.count > request.limit {
            wireRefusal = refusal(
                .overlong,
                .peer(peer),
                request.limit,
                "more than the \(request.limit) records asked for"
            )
        } else if wireRefusal == nil, let frameError {
            wireRefusal = refusal(.badFrame, .peer(peer), frames.count, frameError.description)
        }
        let ids = Dictionary(chain.map { ($0.record.seq, $0.record.id) }) { first, _ in first }
        let lookup: FederationTrust.ChainLookup = { end, seq in ids[end.seq] == end.id ? ids[seq] : nil }
        for (offset, item) in chain.enumerated() {
            switch issuerCheck(item, chain: lookup) {
            case .valid:
                if let verified = item.verified { result.accepted.append(verified) }
            case .invalid(let refusal):
                result.refusal = refusal
                return result
            case .undetermined(let why):
                result.undetermined = "\(request.issuer) #\(request.after + 1 + Int64(offset)): \(why)"
                return result
            }
        }
        result.refusal = wireRefusal
        return result
    }

    /// The peer's part: readable, canonical, of the issuer and seq asked for, chained. Records
    /// that pass go to `chain`; the first that fails is refused.
    private func wireCheck(_ results: [ParsedRecord.Result], into chain: inout [ParsedRecord]) -> Refusal? {
        for (offset, item) in results.enumerated() {
            let seq = request.after + 1 + Int64(offset)
            let parsed: ParsedRecord
            switch item {
            case .unreadable(let nonCanonical, let why):
                return refusal(nonCanonical ? .nonCanonical : .malformed, .peer(peer), offset, why)
            case .parsed(let record):
                parsed = record
            }
            let record = parsed.record
            guard record.issuer == request.issuer, record.federation == trust.federation else {
                return refusal(.notAsked, .peer(peer), offset, "record \(record.id) is \(record.issuer) #\(record.seq)")
            }
            guard record.seq == seq else {
                let inRange = record.seq > seq && record.seq <= request.after + Int64(request.limit)
                return refusal(
                    inRange ? .brokenChain : .notAsked,
                    .peer(peer),
                    offset,
                    "record \(record.id) is #\(record.seq) where #\(seq) was due"
                )
            }
            let previous = offset == 0 ? request.linksTo : chain.last?.record.id
            guard offset > 0 || request.checksLink ? record.prev == previous : true else {
                return refusal(
                    .brokenChain,
                    .peer(peer),
                    offset,
                    "record \(record.id) names prev \(record.prev?.rawValue ?? "none"), not \(previous?.rawValue ?? "none")"
                )
            }
            chain.append(parsed)
        }
        return nil
    }

    /// The issuer's part: its signature, and the trust list's deterministic rules at this position.
    private func issuerCheck(_ item: ParsedRecord, chain: FederationTrust.ChainLookup) -> Check {
        let record = item.record
        let blame = Blame.issuer(record.issuer)
        let offset = Int(record.seq - request.after - 1)
        if let problem = item.signatureProblem {
            return .invalid(refusal(.badSignature, blame, offset, problem))
        }
        guard let key = record.keyID, record.signatures.allSatisfy({ $0.keyID == key }) else {
            return .invalid(refusal(.keyNotValid, blame, offset, "record \(record.id) is not signed by its own key"))
        }
        for verdict in [
            trust.cutoffVerdict(issuer: record.issuer, seq: record.seq, id: record.id, chain: chain),
            trust.signingKeyVerdict(key, issuer: record.issuer, seq: record.seq, id: record.id, chain: chain),
        ] {
            switch verdict {
            case .valid: continue
            case .invalid(let error): return .invalid(refusal(.init(error.code.name), blame, offset, error.reason))
            case .undetermined(let why): return .undetermined(why)
            }
        }
        return .valid
    }

    private enum Check {
        case valid
        case invalid(Refusal)
        case undetermined(String)
    }

    private func refusal(_ reason: Refusal.Reason, _ blamed: Blame, _ offset: Int, _ detail: String) -> Refusal {
        Refusal(reason, blamed: blamed, issuer: request.issuer, seq: request.after + 1 + Int64(offset), detail: detail)
    }

    /// Parses and verifies `frames` in chunks, one task per core, keeping their order.
    static func parse(_ frames: ArraySlice<ArraySlice<UInt8>>) async -> [ParsedRecord.Result] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let size = max(16, (frames.count + cores - 1) / cores)
        return await withTaskGroup(of: (Int, [ParsedRecord.Result]).self) { group in
            var chunks = 0
            for start in stride(from: frames.startIndex, to: frames.endIndex, by: size) {
                let chunk = Array(frames[start..<min(start + size, frames.endIndex)])
                let index = chunks
                chunks += 1
                group.addTask { (index, chunk.map(ParsedRecord.parse)) }
            }
            var parts = [[ParsedRecord.Result]](repeating: [], count: chunks)
            for await (index, part) in group { parts[index] = part }
            return parts.flatMap { $0 }
        }
    }
}

/// One frame read as a record, with its signatures checked.
struct ParsedRecord: Sendable {
    enum Result: Sendable {
        case parsed(ParsedRecord)
        case unreadable(nonCanonical: Bool, String)
    }

    let record: Record
    /// The record verified; nil when a signature does not verify.
    let verified: VerifiedRecord?
    let signatureProblem: String?

    static func parse(_ frame: ArraySlice<UInt8>) -> Result {
        let record: Record
        do {
            record = try Record(canonicalBytes: Array(frame))
        } catch let error as CredexError {
            return .unreadable(nonCanonical: error.code == .nonCanonical, error.description)
        } catch {
            return .unreadable(nonCanonical: false, "\(error)")
        }
        do {
            return .parsed(ParsedRecord(record: record, verified: try record.verified(), signatureProblem: nil))
        } catch {
            return .parsed(ParsedRecord(record: record, verified: nil, signatureProblem: "\(error)"))
        }
    }
}

extension FederationTrust {
    /// The seqs of `issuer`'s log where a key's range or a cut-off ends: a batch that stops at the
    /// first one after `after` holds the position every verdict before it needs.
    func boundaries(of issuer: NodeID) -> [Int64] {
        guard let member = members[issuer] else { return [] }
        var seqs = member.entry.signingKeys.compactMap(\.through?.seq)
        switch member.standing {
        case .active: break
        case .suspended(let through), .withdrawn(let through): seqs += through.map { [$0.seq] } ?? []
        }
        return seqs
    }
}
