import CredexCrypto
import CredexJSON

/// The W3C Data Integrity cryptosuite `eddsa-jcs-2022`: Ed25519 over the SHA-256 of the JCS
/// canonical proof configuration followed by the SHA-256 of the JCS canonical document.
public enum EddsaJcs2022 {
    public static let cryptosuite = "eddsa-jcs-2022"
    /// The most proofs one document may carry; each costs a canonicalisation of the whole document.
    public static let maximumProofs = 16

    /// Adds a proof to `document` (which must not already carry one) made with `key`.
    public static func sign(
        _ document: JSONValue,
        key: Ed25519PrivateKey,
        verificationMethod: String,
        created: String,
        proofPurpose: String = "assertionMethod"
    ) throws -> JSONValue {
        guard case .object(var members) = document, members["proof"] == nil else {
            throw CredexError(.invalidField, "the document must be a JSON object without a proof")
        }
        var proof: [String: JSONValue] = [
            "type": "DataIntegrityProof", "cryptosuite": .string(cryptosuite), "created": .string(created),
            "verificationMethod": .string(verificationMethod), "proofPurpose": .string(proofPurpose),
        ]
        if let context = members["@context"] { proof["@context"] = context }
        let signature = try key.signature(for: hashData(document: document, proofConfig: .object(proof)))
        proof["proofValue"] = .string(Base58BTC.encodeMultibase(signature))
        members["proof"] = .object(proof)
        return .object(members)
    }

    /// Verifies every proof on `document`, resolving keys from `did:key` verification methods.
    public static func verify(
        _ document: JSONValue,
        resolveKey: (String) -> Ed25519PublicKey? = DidKey.publicKey(fromVerificationMethod:)
    ) -> DataIntegrityCheck {
        guard case .object(var unsecured) = document, let proofValue = unsecured.removeValue(forKey: "proof") else {
            return DataIntegrityCheck(proofCount: 0, problems: ["the document carries no proof"])
        }
        let proofs: [JSONValue] = proofValue.arrayValue ?? [proofValue]
        guard proofs.count <= maximumProofs else {
            return DataIntegrityCheck(proofCount: proofs.count, problems: ["more than \(maximumProofs) proofs"])
        }
        var problems: [String] = []
        for (index, proof) in proofs.enumerated() {
            if let problem = verifyOne(proof, unsecured: unsecured, resolveKey: resolveKey) {
                problems.append(proofs.count == 1 ? problem : "proof \(index): \(problem)")
            }
        }
        return DataIntegrityCheck(proofCount: proofs.count, problems: problems)
    }

    private static func verifyOne(
        _ proof: JSONValue,
        unsecured: [String: JSONValue],
        resolveKey: (String) -> Ed25519PublicKey?
    ) -> String? {
        guard case .object(var options) = proof, case .string(let encoded)? = options.removeValue(forKey: "proofValue")
        else { return "the proof has no proofValue" }
        guard options["type"] == "DataIntegrityProof", options["cryptosuite"] == .string(cryptosuite) else {
            return "the proof is not a DataIntegrityProof with cryptosuite \(cryptosuite)"
        }
        guard case .string(let method)? = options["verificationMethod"], let key = resolveKey(method) else {
            return "the verification method cannot be resolved to an Ed25519 key"
        }
        var document = unsecured
        if let proofContext = options["@context"] {
            let expected = proofContext.arrayValue ?? [proofContext]
            let actual = document["@context"].map { $0.arrayValue ?? [$0] } ?? []
            guard actual.starts(with: expected) else {
                return "the document's @context does not start with the proof's @context"
            }
            document["@context"] = proofContext
        }
        guard let signature = Base58BTC.decodeMultibase(encoded), signature.count == 64 else {
            return "the proofValue is not a multibase base58btc Ed25519 signature"
        }
        let input = hashData(document: .object(document), proofConfig: .object(options))
        return key.isValidSignature(signature, for: input) ? nil : "the signature does not verify"
    }

    /// SHA-256 of the canonical proof configuration, then SHA-256 of the canonical document.
    static func hashData(document: JSONValue, proofConfig: JSONValue) -> [UInt8] {
        SHA256.hash(JCS.canonicalBytes(proofConfig)) + SHA256.hash(JCS.canonicalBytes(document))
    }
}

/// The outcome of verifying a document's Data Integrity proofs.
public struct DataIntegrityCheck: Sendable, Hashable {
    public let proofCount: Int
    public let problems: [String]
    public var isValid: Bool { proofCount > 0 && problems.isEmpty }
}
