import CredexCore
import CredexCrypto
import CredexJSON
import CredexTesting
import Testing

/// Signing, decoding and every refusal of the record envelope.
@Suite struct RecordTests {
    /// A signed spec record at seq 1 and its issuer.
    static func first() throws -> (issuer: TestIssuer, record: Record) {
        var issuer = try TestIssuer(seed: 1)
        let record = try issuer.next(kind: .spec, body: RecordFactory.specBody())
        return (issuer, record)
    }

    /// The UTF-8 text of a record's canonical bytes.
    static func text(_ record: Record) -> String { String(decoding: record.canonicalBytes, as: UTF8.self) }

    /// The canonical envelope without `signatures`: what the purpose prefix is put in front of.
    static func envelopeBytes(_ record: Record) throws -> [UInt8] {
        JCS.canonicalBytes(try record.jsonValue.setting(["signatures"], to: nil))
    }

    /// `record`'s JSON with its one signature replaced by `signature` made by `keyID`.
    static func resigned(_ record: Record, keyID: KeyID, signature: [UInt8]) throws -> JSONValue {
        try record.jsonValue.setting(
            ["signatures"],
            to: [["keyId": .string(keyID.rawValue), "signature": .string(Base64URL.encode(signature))]]
        )
    }

    // MARK: Round trips

    @Test func signAndDecodeRoundTrip() throws {
        let first = try Self.first()
        var issuer = first.issuer
        let record = first.record
        let decoded = try Record(canonicalBytes: record.canonicalBytes)
        #expect(decoded.id == record.id)
        #expect(decoded == record)
        #expect(try Record(json: record.jsonValue).id == record.id)
        #expect(record.verifySignatures().isValid)
        #expect(try record.verified().body.isUnderstood)

        let second = try issuer.next(kind: .spec, body: RecordFactory.specBody(title: ["fr": "Durabilité"]))
        #expect(second.seq == 2)
        #expect(second.prev == record.id)
        #expect(try Record(canonicalBytes: second.canonicalBytes) == second)
    }

    @Test func idIsTheSHA256OfTheCanonicalBytes() throws {
        let (_, record) = try Self.first()
        #expect(record.id.rawValue == SHA256.hex(record.canonicalBytes))
        #expect(JCS.canonicalBytes(try record.jsonValue) == record.canonicalBytes)
        // Ed25519 is deterministic: the same draft signed twice is the same record.
        #expect(try Self.first().record.id == record.id)
    }

    @Test func signingInputIsPurposeZeroByteEnvelope() throws {
        let (_, record) = try Self.first()
        #expect(record.signingInput == SignaturePurpose.record.signingInput(try Self.envelopeBytes(record)))
        #expect(record.signingInput.starts(with: Array("credex/v1/record\u{0}{\"body\":".utf8)))
    }

    // MARK: Bytes

    @Test func prettyPrintedBytesAreNonCanonical() throws {
        let (_, record) = try Self.first()
        let pretty = Self.text(record).replacingOccurrences(of: ",\"", with: ",\n  \"")
        expectRefusal(.nonCanonical) { try Record(canonicalBytes: Array(pretty.utf8)) }
        // The same document handed over as a file decodes, and its canonical bytes are recomputed.
        #expect(try Record(json: StrictJSON.parse(pretty, mode: .record)).id == record.id)
    }

    @Test func reorderedKeysAreNonCanonical() throws {
        let (_, record) = try Self.first()
        let text = Self.text(record)
        #expect(text.contains("\"credex\":1,"))
        let reordered = "{\"credex\":1," + text.dropFirst().replacingOccurrences(of: "\"credex\":1,", with: "")
        let error = expectRefusal(.nonCanonical) { try Record(canonicalBytes: Array(reordered.utf8)) }
        #expect((error?.cause as? JSONError)?.code == .nonCanonical)
    }

    @Test func malformedJSONIsRefused() throws {
        let (_, record) = try Self.first()
        let error = expectRefusal(.malformed) { try Record(canonicalBytes: Array(record.canonicalBytes.dropLast())) }
        #expect((error?.cause as? JSONError)?.code == .syntax)
        expectRefusal(.malformed) { try Record(canonicalBytes: Array("[1]".utf8)) }
        expectRefusal(.malformed) { try Record(canonicalBytes: []) }
    }

    @Test func duplicateKeyIsRefused() throws {
        let (_, record) = try Self.first()
        let duplicated = "{\"credex\":1," + Self.text(record).dropFirst()
        let error = expectRefusal(.malformed) { try Record(canonicalBytes: Array(duplicated.utf8)) }
        #expect((error?.cause as? JSONError)?.code == .duplicateKey)
    }

    @Test func outOfRangeSeqIsRefused() throws {
        let (_, record) = try Self.first()
        let text = Self.text(record)
        #expect(text.contains("\"seq\":1,"))
        let large = text.replacingOccurrences(of: "\"seq\":1,", with: "\"seq\":9007199254740992,")
        let error = expectRefusal(.malformed) { try Record(canonicalBytes: Array(large.utf8)) }
        #expect((error?.cause as? JSONError)?.code == .numberOutOfRange)
        let fraction = text.replacingOccurrences(of: "\"seq\":1,", with: "\"seq\":1.5,")
        expectRefusal(.malformed) { try Record(canonicalBytes: Array(fraction.utf8)) }

        // A parsed document (as a person hands over) reaches the envelope decoder, which refuses it too.
        expectRefusal(.invalidField, pointer: "/seq") {
            try Record(json: record.jsonValue.setting(["seq"], to: .number(9_007_199_254_740_992)))
        }
        expectRefusal(.invalidField, pointer: "/seq") { try Record(json: record.jsonValue.setting(["seq"], to: 0)) }
        expectRefusal(.invalidField, pointer: "/seq") { try Record(json: record.jsonValue.setting(["seq"], to: "1")) }
    }

    // MARK: Envelope

    @Test func seqOneWithPrevIsRefused() throws {
        let (issuer, record) = try Self.first()
        expectRefusal(.invalidField, pointer: "/prev") {
            try Record(json: record.jsonValue.setting(["prev"], to: .string(record.id.rawValue)))
        }
        expectRefusal(.invalidField, pointer: "/prev") {
            try issuer.draft(kind: .spec, body: RecordFactory.specBody(), seq: 1, prev: record.id)
        }
    }

    @Test func seqTwoWithoutPrevIsRefused() throws {
        var issuer = try Self.first().issuer
        let second = try issuer.next(kind: .spec, body: RecordFactory.specBody())
        expectRefusal(.missingField, pointer: "") { try Record(json: second.jsonValue.setting(["prev"], to: nil)) }
        expectRefusal(.missingField, pointer: "") {
            try issuer.draft(kind: .spec, body: RecordFactory.specBody(), seq: 2, prev: nil)
        }
    }

    @Test func missingKeyIDIsRefused() throws {
        let (_, record) = try Self.first()
        expectRefusal(.missingField, pointer: "") { try Record(json: record.jsonValue.setting(["keyId"], to: nil)) }
    }

    @Test func missingSignaturesAreRefused() throws {
        let (_, record) = try Self.first()
        expectRefusal(.missingField, pointer: "") {
            try Record(json: record.jsonValue.setting(["signatures"], to: nil))
        }
        expectRefusal(.invalidField, pointer: "/signatures") {
            try Record(json: record.jsonValue.setting(["signatures"], to: []))
        }
    }

    @Test func twoSignaturesOnASpecAreRefused() throws {
        let (_, record) = try Self.first()
        let signatures = try #require(try record.jsonValue["signatures"]?.arrayValue)
        expectRefusal(.invalidField, pointer: "/signatures") {
            try Record(json: record.jsonValue.setting(["signatures"], to: .array(signatures + signatures)))
        }
    }

    @Test func formatVersionTwoIsRefused() throws {
        let (_, record) = try Self.first()
        expectRefusal(.invalidField, pointer: "/credex") {
            try Record(json: record.jsonValue.setting(["credex"], to: 2))
        }
    }

    @Test func unknownEnvelopeMemberIsRefused() throws {
        let (_, record) = try Self.first()
        expectRefusal(.unknownField, pointer: "/receivedAt") {
            try Record(json: record.jsonValue.setting(["receivedAt"], to: "2026-11-22T15:41:00Z"))
        }
    }

    @Test func malformedKindNameIsRefused() throws {
        let (_, record) = try Self.first()
        expectRefusal(.invalidField, pointer: "/kind") {
            try Record(json: record.jsonValue.setting(["kind"], to: "Spec"))
        }
    }

    @Test func recordLargerThanTheMaximumIsRefused() throws {
        var issuer = try TestIssuer(seed: 1)
        let huge = RecordFactory.specBody().setting(
            ["description"],
            to: ["en": .string(String(repeating: "a", count: Record.maximumSize))]
        )
        expectRefusal(.tooLarge) { try issuer.next(kind: .spec, body: huge) }
        #expect(issuer.head == nil)

        let draft = try issuer.draft(kind: .spec, body: RecordFactory.specBody(), seq: 1, prev: nil)
        let record = try draft.signed(with: issuer.key)
        expectRefusal(.tooLarge) { try Record(json: record.jsonValue.setting(["body"], to: huge)) }
        var bytes = record.canonicalBytes
        bytes.insert(contentsOf: Array(repeating: 0x20, count: Record.maximumSize), at: 1)
        expectRefusal(.tooLarge) { try Record(canonicalBytes: bytes) }
    }

    // MARK: Signatures

    /// The decoder refuses a signature entry naming another key than the envelope's keyId.
    @Test func signatureEntryByAnotherKeyIsRefusedByTheDecoder() throws {
        let (_, record) = try Self.first()
        let other = try TestIssuer(seed: 2)
        let signature = try other.key.signature(for: record.signingInput)
        expectRefusal(.invalidField, pointer: "/signatures") {
            try Record(json: Self.resigned(record, keyID: other.keyID, signature: signature))
        }
    }

    /// A signature made by another key but filed under the record's keyId decodes, and fails verification.
    @Test func signatureMadeByAnotherKeyFailsVerification() throws {
        let (issuer, record) = try Self.first()
        let other = try TestIssuer(seed: 2)
        let forged = try Record(
            json: Self.resigned(record, keyID: issuer.keyID, signature: other.key.signature(for: record.signingInput))
        )
        #expect(forged.verifySignatures().problems == ["signature 0 by \(issuer.keyID) does not verify"])
        expectRefusal(.badSignature) { try forged.verified() }
    }

    @Test func signingWithAKeyOtherThanKeyIDIsRefused() throws {
        let (issuer, _) = try Self.first()
        let draft = try issuer.draft(kind: .spec, body: RecordFactory.specBody(), seq: 1, prev: nil)
        expectRefusal(.badSignature) { try draft.signed(with: TestIssuer(seed: 2).key) }
    }

    @Test func flippedSignatureBitFailsVerification() throws {
        let (issuer, record) = try Self.first()
        var raw = try #require(Base64URL.decode(record.signatures[0].signature))
        raw[0] ^= 0x01
        let tampered = try Record(json: Self.resigned(record, keyID: issuer.keyID, signature: raw))
        #expect(tampered.id != record.id)
        #expect(!tampered.verifySignatures().isValid)
        let error = expectRefusal(.badSignature) { try tampered.verified() }
        #expect(error?.reason.contains(tampered.id.rawValue) == true)
    }

    @Test func signatureThatIsNot64BytesIsRefused() throws {
        let (issuer, record) = try Self.first()
        let raw = try #require(Base64URL.decode(record.signatures[0].signature))
        expectRefusal(.invalidField, pointer: "/signatures/0/signature") {
            try Record(json: Self.resigned(record, keyID: issuer.keyID, signature: Array(raw.dropLast())))
        }
        let padded = try record.jsonValue.setting(
            ["signatures"],
            to: [
                ["keyId": .string(issuer.keyID.rawValue), "signature": .string(record.signatures[0].signature + "==")]
            ]
        )
        expectRefusal(.invalidField, pointer: "/signatures/0/signature") { try Record(json: padded) }
    }

    @Test func signatureUnderAnotherPurposeFailsVerification() throws {
        let (issuer, record) = try Self.first()
        let envelope = try Self.envelopeBytes(record)
        // Control: the record purpose over the same bytes is exactly the record's signature.
        let control = try Record(
            json: Self.resigned(
                record,
                keyID: issuer.keyID,
                signature: issuer.key.signature(purpose: .record, message: envelope)
            )
        )
        #expect(try control.verified().record == record)

        let request = try Record(
            json: Self.resigned(
                record,
                keyID: issuer.keyID,
                signature: issuer.key.signature(purpose: .request, message: envelope)
            )
        )
        expectRefusal(.badSignature) { try request.verified() }
        let unprefixed = try Record(
            json: Self.resigned(
                record,
                keyID: issuer.keyID,
                signature: issuer.key.signature(for: envelope)
            )
        )
        expectRefusal(.badSignature) { try unprefixed.verified() }
    }

    // MARK: Bodies

    @Test func specRecordWithAnAwardBodyIsRefused() throws {
        let (issuer, record) = try Self.first()
        let award = RecordFactory.awardBody(spec: record.id, learner: try Commitment(validating: record.id.rawValue))
        expectRefusal(.wrongKind, pointer: "/body/type") {
            try issuer.draft(kind: .spec, body: award, seq: 1, prev: nil)
        }
        expectRefusal(.wrongKind, pointer: "/body/type") {
            try Record(json: record.jsonValue.setting(["body"], to: award))
        }
        expectRefusal(.wrongKind, pointer: "/body/type") { try RecordBody.decode(kind: .spec, body: award) }
    }

    @Test func bodyWithoutTypeIsRefused() throws {
        let (_, record) = try Self.first()
        expectRefusal(.invalidField, pointer: "/body") {
            try Record(json: record.jsonValue.setting(["body", "type"], to: nil))
        }
    }

    @Test func unknownKindDecodesVerifiesAndIsNotUnderstood() throws {
        var issuer = try TestIssuer(seed: 3)
        let record = try issuer.next(
            kind: RecordKind(rawValue: "diploma"),
            body: ["type": "credex.diploma/1", "honours": "first"]
        )
        let decoded = try Record(canonicalBytes: record.canonicalBytes)
        #expect(decoded.kind.rawValue == "diploma")
        #expect(!decoded.kind.isKnown)
        let verified = try decoded.verified()
        guard case .notUnderstood(let reason) = RecordBody(of: decoded) else {
            Issue.record("an unknown kind must not be understood")
            return
        }
        #expect(reason.contains("diploma"))
        #expect(verified.body == RecordBody(of: decoded))
    }

    @Test func newerBodyMajorIsNotUnderstood() throws {
        var issuer = try TestIssuer(seed: 1)
        let body = RecordFactory.specBody().setting(["type"], to: "credex.spec/2").setting(["novelty"], to: true)
        let record = try Record(canonicalBytes: issuer.next(kind: .spec, body: body).canonicalBytes)
        let verified = try record.verified()
        guard case .notUnderstood(let reason) = verified.body else {
            Issue.record("credex.spec/2 must not be understood")
            return
        }
        #expect(reason.contains("credex.spec/2"))
    }

    /// A validly signed spec whose body fails its schema is kept and flagged, not refused.
    @Test func specFailingItsSchemaIsFlaggedNotRefused() throws {
        var issuer = try TestIssuer(seed: 1)
        let body = RecordFactory.specBody().setting(["awardingBodies"], to: [])
        let record = try Record(canonicalBytes: issuer.next(kind: .spec, body: body).canonicalBytes)
        let verified = try record.verified()
        guard case .notUnderstood(let reason) = verified.body else {
            Issue.record("a spec without awarding bodies must be flagged")
            return
        }
        #expect(reason.contains("/body/awardingBodies"))
        expectRefusal(.invalidField, pointer: "/body/awardingBodies") { try RecordBody.decode(kind: .spec, body: body) }
    }
}
