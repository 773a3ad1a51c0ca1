import CredexCore
import CredexCrypto
import CredexJSON
import CredexMapping
import CredexStore
import Foundation

/// The checks of one uploaded document: it is parsed strictly, its own proof is verified where it
/// has one Credex can check, the proof's key is matched to a federation member, and the record the
/// document claims to be is compared with the one held here.
struct DocumentVerification {
    let verifier: Verifier
    let bytes: [UInt8]

    func run() async throws -> VerificationReport {
        let start = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if start == UInt8(ascii: "e"), bytes.drop(while: { $0 != start }).starts(with: Array("eyJ".utf8)) {
            return try await jwt()
        }
        let document: JSONValue
        do {
            document = try StrictJSON.parse(bytes, mode: .document)
        } catch {
            // XML is read as ELMO, whose reader is strict XML; CSV as a register's export.
            if start == UInt8(ascii: "<") { return translated(.elmo, parse: nil) }
            if start != UInt8(ascii: "{"), start != UInt8(ascii: "["), let format = CredentialFormat.detect(bytes) {
                return translated(format, parse: nil)
            }
            return done(format: nil, record: nil, [.fail(.documentParse, "\(error)")])
        }
        let parsed = Check.pass(.documentParse, "no duplicate keys, no lone surrogates")
        if document["signatures"] != nil, document["kind"] != nil {
            return try await recordFile(document, parsed: parsed)
        }
        if document["proof"] != nil { return try await dataIntegrity(document, parsed: parsed) }
        if let format = CredentialFormat.detect(bytes) { return translated(format, parse: parsed) }
        return try await recordFile(document, parsed: parsed)
    }

    private func done(format: String?, record: Record?, _ checks: [Check]) -> VerificationReport {
        verifier.report(
            subject: .init(
                record: record.map(VerificationReport.RecordRef.init),
                document: .init(format: format, sha256: SHA256.hex(bytes), size: bytes.count)
            ),
            checks
        )
    }

    /// A Credex record file, as `credex export` writes it: envelope, canonical form, then every
    /// check of the record against what this node holds.
    private func recordFile(_ document: JSONValue, parsed: Check) async throws -> VerificationReport {
        var checks = [parsed]
        let record: Record
        do {
            _ = try StrictJSON.parse(bytes, mode: .record)
            record = try Record(json: document)
        } catch {
            checks.append(.fail(.recordEnvelope, "\(error)"))
            return done(format: "credex-record", record: nil, checks)
        }
        checks.append(.pass(.recordEnvelope, "\(record.kind) by \(record.issuer) #\(record.seq), id \(record.id)"))
        // A record saved as a line of an export keeps its newline; the bytes before it count.
        var content = bytes[...]
        if content.last == 0x0A { content = content.dropLast() }
        if content.last == 0x0D { content = content.dropLast() }
        checks.append(
            record.canonicalBytes[...] == content
                ? .pass(.recordCanonical, "the file is the record's RFC 8785 bytes")
                : .pass(
                    .recordCanonical,
                    "the file is not in canonical form; a node accepts only canonical bytes from peers"
                )
        )
        checks.append(try await heldCheck(record))
        checks += try await verifier.recordChecks(record)
        return done(format: "credex-record", record: record, checks)
    }

    /// Whether this node holds the file's record, or another one at its position.
    private func heldCheck(_ record: Record) async throws -> Check {
        if try await verifier.store.record(id: record.id) != nil {
            return .pass(.recordHeld, "this node holds the same record")
        }
        let atSeq = try await verifier.store.log(issuer: record.issuer, afterSeq: record.seq - 1, limit: 1).first
        if let held = atSeq?.record, held.seq == record.seq {
            return .fail(
                .recordHeld,
                "this node holds another record at \(record.issuer) #\(record.seq)",
                evidence: ["held": held.id.rawValue]
            )
        }
        return .unknown(.recordHeld, "this node does not hold the record")
    }

    /// A W3C verifiable credential with Data Integrity proofs.
    private func dataIntegrity(_ document: JSONValue, parsed: Check) async throws -> VerificationReport {
        let format = OpenBadges.detect(document) ? CredentialFormat.ob3.rawValue : "w3c-vc"
        let proofs = document["proof"].map { $0.arrayValue ?? [$0] } ?? []
        let name = "W3C Data Integrity (\(EddsaJcs2022.cryptosuite))"
        guard proofs.contains(where: { $0["cryptosuite"] == .string(EddsaJcs2022.cryptosuite) }) else {
            let suites = proofs.compactMap { $0["cryptosuite"]?.stringValue ?? $0["type"]?.stringValue }
            let proof = Check(
                id: Check.ID.documentProof.rawValue,
                name: name,
                outcome: .unknown,
                reason: "not checked: the proof uses \(suites.joined(separator: ", ")), not \(EddsaJcs2022.cryptosuite)"
            )
            return done(format: format, record: nil, [parsed, proof])
        }
        var methods: [String] = []
        let result = EddsaJcs2022.verify(document) { method in
            methods.append(method)
            return DidKey.publicKey(fromVerificationMethod: method)
        }
        let proof = Check(
            id: Check.ID.documentProof.rawValue,
            name: name,
            outcome: result.isValid ? .pass : .fail,
            reason: result.isValid ? "\(result.proofCount) proof(s) verified" : result.problems.joined(separator: "; "),
            evidence: ["verificationMethods": methods.joined(separator: " ")]
        )
        return try await identified(document, format: format, checks: [parsed, proof], methods: methods)
    }

    /// A VC-JWT: a compact JWS whose payload is the credential.
    private func jwt() async throws -> VerificationReport {
        let token = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        var methods: [String] = []
        let opened: (credential: JSONValue, proof: OpenBadges.ProofResult)
        do {
            opened = try VCJWT.open(token) { method in
                methods.append(method)
                return DidKey.publicKey(fromVerificationMethod: method)
            }
        } catch {
            let failed = Check(id: Check.ID.documentParse.rawValue, name: "VC-JWT", outcome: .fail, reason: "\(error)")
            return done(format: "vc-jwt", record: nil, [failed])
        }
        let parsed = Check(
            id: Check.ID.documentParse.rawValue,
            name: "VC-JWT",
            outcome: .pass,
            reason: "a compact JWS with strict JSON header and payload"
        )
        let proof: Check
        let name = "VC-JWT signature"
        switch opened.proof {
        case .verified(let method):
            proof = Check(id: Check.ID.documentProof.rawValue, name: name, outcome: .pass, reason: "\(method) verified")
        case .failed(let method, let reasons):
            proof = Check(
                id: Check.ID.documentProof.rawValue,
                name: name,
                outcome: .fail,
                reason: "\(method): " + reasons.joined(separator: "; ")
            )
        case .notChecked(let method, let reason):
            proof = Check(
                id: Check.ID.documentProof.rawValue,
                name: name,
                outcome: .unknown,
                reason: "\(method): \(reason)"
            )
        case .none:
            proof = Check(id: Check.ID.documentProof.rawValue, name: name, outcome: .unknown, reason: "no proof")
        }
        return try await identified(opened.credential, format: "vc-jwt", checks: [parsed, proof], methods: methods)
    }

    /// Adds who signed the credential and, when it names a Credex record, whether that record is
    /// held here and the document is its rendition; then the held record's own checks.
    private func identified(
        _ credential: JSONValue,
        format: String,
        checks: [Check],
        methods: [String]
    ) async throws -> VerificationReport {
        let signer = SignerIdentification(trust: verifier.trust, methods: methods)
        var checks = checks + [signer.check]
        guard let claimed = RecordRendition.claimedRecord(credential) else {
            return done(format: format, record: nil, checks)
        }
        let rendition = try await RecordRendition(store: verifier.store, claimed: claimed, signer: signer.member)
        checks.append(rendition.compare(credential))
        guard let record = rendition.held, checks.last?.outcome == .pass else {
            return done(format: format, record: nil, checks)
        }
        checks += try await verifier.recordChecks(record)
        return done(format: format, record: record, checks)
    }

    /// A format with no proof Credex can verify: translated, and said to be unverified. Without a
    /// `parse` check already made (XML, CSV), reading the document is the parse check.
    private func translated(_ format: CredentialFormat, parse: Check?) -> VerificationReport {
        var checks = parse.map { [$0] } ?? []
        let parseName = format == .elmo ? "XML" : "CSV"
        do {
            let translation = try CredentialFormat.decode(bytes, as: format, now: verifier.now)
            let awards = translation.awards.values.map(\.count).reduce(0, +)
            checks.append(
                .pass(
                    .documentFormat,
                    "read as \(format.rawValue): \(translation.specs.count) spec(s), \(awards) award(s)",
                    evidence: ["format": format.rawValue]
                )
            )
            if parse == nil {
                checks.insert(
                    Check(id: Check.ID.documentParse.rawValue, name: parseName, outcome: .pass, reason: "well-formed"),
                    at: 0
                )
            }
        } catch {
            checks.append(
                parse == nil
                    ? Check(id: Check.ID.documentParse.rawValue, name: parseName, outcome: .fail, reason: "\(error)")
                    : .fail(.documentFormat, "not a valid \(format.rawValue) document: \(error)")
            )
            return done(format: format.rawValue, record: nil, checks)
        }
        checks.append(
            .unknown(
                .documentProof,
                "this \(format.rawValue) document carries no proof Credex can verify: its content is translated, not verified"
            )
        )
        return done(format: format.rawValue, record: nil, checks)
    }
}
