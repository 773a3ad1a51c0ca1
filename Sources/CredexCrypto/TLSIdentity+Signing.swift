extension TLSIdentity {
    /// The public key of the (leaf) certificate; its `pin` equals `publicKeyPin`.
    public var publicKey: TLSPublicKey {
        do {
            return try TLSPublicKey(certificatePEM: certificatePEM)
        } catch {
            fatalError("could not read the public key of a loaded TLS certificate: \(error)")
        }
    }

    /// An ECDSA P-256 SHA-256 signature by the TLS key of `purpose.signingInput(message)`, as 64 bytes
    /// `r || s` (IEEE P1363): proof of holding the key that `publicKeyPin` pins.
    public func signature(for message: [UInt8], purpose: SignaturePurpose) throws -> [UInt8] {
        let key = try EVPKey.privateKey(pem: privateKeyPEM, what: "the TLS private key")
        return try ECDSAP256.signature(for: purpose.signingInput(message), key: key)
    }
}
