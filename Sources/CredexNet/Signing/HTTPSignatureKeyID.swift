import CredexCrypto
import Foundation

/// Credex key ids and the base64 spellings used in signature fields.
public enum HTTPSignatureKeyID {
    /// The Credex key id of `key`: `ed25519:` followed by the unpadded base64url of the raw key.
    ///
    /// The same spelling as CredexCore's key ids, which CredexNet does not import.
    public static func of(_ key: Ed25519PublicKey) -> String {
        "ed25519:" + base64URL(key.rawRepresentation)
    }

    /// Unpadded base64url (RFC 4648 §5), as nonces and key ids are written.
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
