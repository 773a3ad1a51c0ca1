import CredexCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension NodeDirectory {
    /// Writes `pin` into `node.json` as `trustListPin`: the trust-list version this node was given
    /// out of band, which every history it accepts must reach. A pin, once set, is not changed here.
    /// - Throws: `NodeError(.refused)` if another pin is set, `.directory` if the file cannot be written.
    public func saveTrustListPin(_ pin: RecordID) throws {
        var configuration = try configuration()
        if let configured = configuration.trustListPin {
            guard configured == pin else {
                throw NodeError(.refused, "this node is pinned to trust-list version \(configured), not \(pin)")
            }
            return
        }
        configuration.trustListPin = pin
        let staging = url.appendingPathComponent(".node.json.\(UUID().uuidString)")
        do {
            try configuration.encoded().write(to: staging, options: .withoutOverwriting)
            guard rename(staging.path, configurationURL.path) == 0 else {
                throw NodeError(
                    .directory,
                    "cannot replace \(configurationURL.path): \(String(cString: strerror(errno)))"
                )
            }
        } catch {
            try? FileManager.default.removeItem(at: staging)
            if let error = error as? NodeError { throw error }
            throw NodeError(.directory, "cannot write \(configurationURL.path): \(error)", cause: error)
        }
    }
}
