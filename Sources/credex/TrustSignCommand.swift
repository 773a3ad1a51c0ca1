import ArgumentParser
import CredexCore
import CredexCrypto
import CredexNode
import CredexTrust
import Foundation

struct TrustSignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Add an admin's signature to a trust-list proposal, in place.",
        discussion: """
            Read the proposal before signing (`credex trust show PROPOSAL` once it has a signature, or the \
            file itself). The signatures already there must verify over it: a proposal changed after \
            someone signed is refused. A key signs a proposal once.
            """
    )

    @OptionGroup var output: OutputOptions
    @Argument(help: "The proposal file (from trust init or propose).")
    var proposal: String
    @Option(help: "The admin's key file (from trust keygen).")
    var key: String

    func run() async throws {
        var file = try TrustProposal(path: proposal)
        let signer = try Ed25519PrivateKey(contentsOf: URL(fileURLWithPath: key))
        let keyID = KeyID(signer.publicKey)
        if !file.signatures.isEmpty {
            let check = try file.draft.record(signatures: file.signatures).verifySignatures()
            guard check.isValid else {
                throw TrustError(
                    .badSignature,
                    "\(proposal) changed after it was signed: \(check.problems.joined(separator: "; "))"
                )
            }
        }
        guard !file.signatures.contains(where: { $0.keyID == keyID }) else {
            throw TrustError(.malformed, "\(keyID) has already signed \(proposal)")
        }
        file.signatures.append(try file.draft.signature(by: signer))
        try file.write(to: proposal, replacing: true)
        let content = try file.content
        let admins = Set(content.admins.map(\.keyId))
        let count = file.signatures.filter { admins.contains($0.keyID) }.count
        let name = content.admins.first { $0.keyId == keyID }?.name
        if output.json {
            return try printJSON(
                SignSummary(keyId: keyID.rawValue, admin: name != nil, signatures: count, threshold: content.threshold)
            )
        }
        print(
            "Signed version \(file.draft.seq) of \(file.draft.federation) with \(keyID)\(name.map { " (\($0))" } ?? "")"
        )
        print("\(count) of the \(content.threshold) signatures its admins must give are there")
        if name == nil {
            print("Note: \(keyID) is not an admin in this version; it counts only as an admin of the version before")
        }
    }

    struct SignSummary: Encodable {
        let keyId: String
        let admin: Bool
        let signatures: Int
        let threshold: Int
    }
}
