import ArgumentParser
import CredexCore
import CredexCrypto
import CredexTrust
import Foundation

struct TrustKeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create a federation admin's Ed25519 key (PKCS#8 PEM, mode 0600) and print its key id.",
        discussion: """
            An admin key is held offline by one person and signs trust-list versions only: it is never a \
            node's key. Give the printed key id to whoever makes the proposal (trust init --admin).
            """
    )

    @OptionGroup var output: OutputOptions
    @Option(help: "The key file to create (never overwritten).")
    var out: String

    func validate() throws { try requireNew(out) }

    func run() async throws {
        let key = Ed25519PrivateKey.generate()
        try key.write(to: URL(fileURLWithPath: out))
        let keyID = KeyID(key.publicKey)
        if output.json { return try printJSON(["keyId": keyID.rawValue, "file": out]) }
        print(keyID.rawValue)
    }
}
