import CredexCore
import CredexCrypto
import CredexJSON
import CredexTesting
import Foundation
import Testing

/// Records of a node's own log signed with its own key, after its current head, as JSON Lines for
/// `credex import`: a long log to replicate without issuing each record through the CLI.
enum OwnChainFile {
    /// Writes `count` records of `kind` (specs by default) extending `node`'s log, and returns the
    /// file and the seq of the last one.
    static func write(
        _ node: TestNode,
        count: Int,
        kind: RecordKind = .spec,
        body: JSONValue = RecordFactory.specBody(),
        to url: URL
    ) async throws -> (url: URL, lastSeq: Int) {
        let key = try Ed25519PrivateKey(contentsOf: node.url.appendingPathComponent("keys/signing-key.pem"))
        let configuration = try StrictJSON.parse(
            try Data(contentsOf: node.url.appendingPathComponent("node.json")),
            mode: .record
        )
        let federation = try #require(configuration["federation"]?.stringValue)
        let heads = try await node.credex("log", "--heads", "--json")
        let own = try #require(try heads.jsonArray().first { $0["issuer"] as? String == node.nodeID })
        var seq = Int64(try #require(own["seq"] as? Int))
        var prev = try RecordID(validating: try #require(own["id"] as? String))
        var lines = Data()
        for _ in 0..<count {
            seq += 1
            let record = try RecordDraft(
                federation: federation,
                kind: kind,
                issuer: try NodeID(validating: node.nodeID),
                keyID: KeyID(key.publicKey),
                seq: seq,
                prev: prev,
                claimedAt: RecordFactory.claimedAt,
                body: body
            ).signed(with: key)
            lines.append(contentsOf: record.canonicalBytes + [0x0A])
            prev = record.id
        }
        try lines.write(to: url)
        return (url, Int(seq))
    }
}
