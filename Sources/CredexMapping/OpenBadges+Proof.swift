import CredexCore
import CredexCrypto
import CredexJSON

extension OpenBadges {
    /// Signs `credential` with an `eddsa-jcs-2022` Data Integrity proof whose verification method is
    /// the `did:key` of `key`. The proof is written as an array, as the formal OB 3.0 schema requires.
    public static func sign(_ credential: JSONValue, key: Ed25519PrivateKey, created: String) throws -> JSONValue {
        let signed = try EddsaJcs2022.sign(
            credential,
            key: key,
            verificationMethod: DidKey.verificationMethod(for: key.publicKey),
            created: created
        )
        guard case .object(var members) = signed, let proof = members["proof"] else { return signed }
        members["proof"] = [proof]
        return .object(members)
    }

    /// Checks the `eddsa-jcs-2022` proofs of `json`. A document whose proofs all use another
    /// cryptosuite (such as `eddsa-rdfc-2022`) is reported as not checked.
    static func checkProof(_ json: JSONValue, resolveKey: (String) -> Ed25519PublicKey?) -> ProofResult {
        guard case .object(var members) = json, let proofValue = members["proof"] else { return .none }
        let proofs = proofValue.arrayValue ?? [proofValue]
        let jcs = proofs.filter { $0["cryptosuite"] == .string(EddsaJcs2022.cryptosuite) }
        guard !jcs.isEmpty else {
            let method = proofs.lazy.compactMap { $0["cryptosuite"]?.stringValue ?? $0["type"]?.stringValue }.first
            guard let method else { return .failed(method: "unknown", reasons: ["the proof names no cryptosuite"]) }
            let reason =
                method == "eddsa-rdfc-2022"
                ? "not checked (RDF canonicalisation not implemented)" : "not checked (unsupported proof method)"
            return .notChecked(method: method, reason: reason)
        }
        members["proof"] = .array(jcs)
        let check = EddsaJcs2022.verify(.object(members), resolveKey: resolveKey)
        return check.isValid
            ? .verified(method: EddsaJcs2022.cryptosuite)
            : .failed(method: EddsaJcs2022.cryptosuite, reasons: check.problems)
    }
}
