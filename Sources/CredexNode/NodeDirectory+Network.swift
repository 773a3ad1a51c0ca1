import CredexCore
import CredexCrypto
import Foundation

extension NodeDirectory {
    /// The node's TLS key and self-signed certificate.
    public func tlsIdentity(_ configuration: NodeConfiguration) throws -> TLSIdentity {
        try TLSIdentity(
            keyFile: file(configuration.tlsKey),
            certificateFile: file(configuration.tlsCertificate)
        )
    }
}
