import CredexCore
import CredexCrypto
import CredexJSON

extension CredentialExport {
    /// How an OB 3.0 credential of this node's own record is signed.
    enum Signature {
        /// An `eddsa-jcs-2022` Data Integrity proof.
        case dataIntegrity
        /// A VC-JWT (EdDSA).
        case jwt
    }

    /// The identity type (after `ext:`) under which an award's learner commitment travels, as a
    /// hashed `IdentityObject`: the learner, holding the personal part, can show it matches.
    public static let commitmentIdentityType = "credexLearnerCommitment"

    /// The OB 3.0 credential of `spec` (and `award`, when exporting an award) held in `record`.
    ///
    /// Its id is `urn:credex:record:<id>`, stable across exports; `validFrom` is the award's issue
    /// date, else the record's claimed time. The subject carries the award's learner commitment,
    /// never the personal part. A signed credential's `issuer` is this node (its `did:key`, named by
    /// the node id) and the awarding body the achievement's `creator`. Another issuer's record gets
    /// id `urn:credex:conversion:<id>`, no proof, its awarding body as issuer, and the conversion
    /// note as the credential's `description`.
    func openBadges(
        _ spec: CredentialSpec,
        award: Award?,
        of record: Record,
        signed signature: Signature,
        issuedHere: Bool
    ) throws -> Output {
        if !issuedHere, signature == .jwt {
            throw CredexError(
                .wrongKind,
                "record \(record.id) was issued by \(record.issuer), and this node signs only its own records: "
                    + "--to ob3 gives an unsigned conversion, --to record the signed original"
            )
        }
        let facts = award.map {
            OpenBadges.AwardFacts(
                issuedOn: $0.issuedOn,
                validUntil: $0.validUntil,
                creditsEarned: $0.credits,
                learner: [Identifier(scheme: Self.commitmentIdentityType, value: "sha256$" + $0.learner.rawValue)]
            )
        }
        // A signed credential's issuer is this node's did:key, the DID of the proof's verification method.
        let key = issuedHere ? try signingKey(toSign: record) : nil
        let issuer = key.map {
            OpenBadges.Issuer(
                id: String(DidKey.verificationMethod(for: $0.publicKey).prefix { $0 != "#" }),
                name: nodeID.rawValue
            )
        }
        // A signed award points at this node's revocation list, at its own seq.
        let revocable = key != nil && award != nil
        let encoded = try OpenBadges.encode(
            spec,
            id: documentID(of: record),
            validFrom: award.flatMap { OpenBadges.timestamp($0.issuedOn) } ?? record.claimedAt.rawValue,
            award: facts,
            statusList: revocable
                ? revocationList.map { OpenBadges.StatusListEntry(listCredential: $0, index: Int(record.seq)) } : nil,
            issuer: issuer
        )
        var report = encoded.report
        if revocable, revocationList == nil {
            report.add(
                .init(
                    field: "credentialStatus",
                    outcome: .lost,
                    detail: "this node has no publicURL in its node.json, so it publishes no revocation list: "
                        + "verifiers outside the federation cannot see a later revocation"
                )
            )
        }
        if award != nil {
            report.add(
                .init(
                    field: "award.learner",
                    outcome: .lost,
                    detail: "only the learner commitment is written: the personal part never leaves this node"
                )
            )
        }
        guard let key else {
            guard case .object(var members) = encoded.credential else {
                throw CredexError(.malformed, "the OB 3.0 encoder wrote no JSON object")
            }
            members["description"] = .string(conversionNote(record))
            return Output(
                bytes: JCS.canonicalBytes(.object(members)),
                reports: [report, conversionReport(record, format: .ob3)],
                signedHere: false,
                converted: true
            )
        }
        let bytes: [UInt8]
        switch signature {
        case .dataIntegrity:
            let created = ClaimedTime(now()).rawValue
            bytes = JCS.canonicalBytes(try OpenBadges.sign(encoded.credential, key: key, created: created))
        case .jwt:
            bytes = Array(try VCJWT.sign(encoded.credential, key: key).utf8)
        }
        return Output(bytes: bytes, reports: [report], signedHere: true, converted: false)
    }

    /// This node's signing key, or a `signingKey` error naming the record it was to sign.
    private func signingKey(toSign record: Record) throws -> Ed25519PrivateKey {
        do {
            return try signingKey()
        } catch {
            throw CredexError(
                .signingKey,
                "this node's signing key cannot be read, so record \(record.id) cannot be signed",
                cause: error
            )
        }
    }
}
