import ArgumentParser
import CredexCore
import CredexStore
import Foundation

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List stored records in log order, or the heads of every log."
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Only this issuer's log, in seq order (default: every record by arrival).")
    var issuer: String?
    @Option(help: "At most this many records.")
    var limit = 1000
    @Flag(help: "Show each log's head instead of the records.")
    var heads = false

    struct Line: Encodable {
        let id: String, issuer: String, seq: Int64, kind: String, claimedAt: String, receivedAt: String
        let flags: [String]
    }

    struct HeadLine: Encodable {
        let issuer: String, seq: Int64, id: String, forked: Bool
    }

    func validate() throws {
        if let issuer, (try? NodeID(validating: issuer)) == nil { throw ValidationError("--issuer must be a node id") }
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() async throws {
        let store = try directory.access().reader()
        if heads {
            let all = try await store.heads()
            if output.json {
                try printJSON(
                    all.map { HeadLine(issuer: $0.issuer.rawValue, seq: $0.seq, id: $0.id.rawValue, forked: $0.forked) }
                )
            } else {
                for head in all { print("\(head.issuer) #\(head.seq) \(head.id)\(head.forked ? " FORKED" : "")") }
            }
            return
        }
        let records = try await store.log(issuer: try issuer.map(NodeID.init(validating:)), afterSeq: 0, limit: limit)
        let lines = records.map {
            Line(
                id: $0.record.id.rawValue,
                issuer: $0.record.issuer.rawValue,
                seq: $0.record.seq,
                kind: $0.record.kind.rawValue,
                claimedAt: $0.record.claimedAt.rawValue,
                receivedAt: $0.receivedAt,
                flags: $0.flags.map(\.code)
            )
        }
        if output.json { return try printJSON(lines) }
        for line in lines {
            let flags = line.flags.isEmpty ? "" : "  [" + line.flags.joined(separator: ", ") + "]"
            print(
                "\(line.issuer) #\(line.seq)  \(line.kind.padding(toLength: 11, withPad: " ", startingAt: 0)) \(line.id)  \(line.claimedAt)\(flags)"
            )
        }
    }
}

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search over spec titles, descriptions and learning outcomes, in every language."
    )

    @OptionGroup var directory: DirectoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Words to find (all must match; accents are ignored).")
    var words: [String]

    func run() async throws {
        let hits = try await directory.access().reader().searchSpecs(words.joined(separator: " "), limit: 50)
        let rows: [[String: String]] = hits.map { stored in
            var title = "?"
            if case .spec(let spec) = RecordBody(of: stored.record) { title = spec.title.text() }
            return ["id": stored.record.id.rawValue, "issuer": stored.record.issuer.rawValue, "title": title]
        }
        if output.json { return try printJSON(rows) }
        if rows.isEmpty { print("No spec matches.") }
        for row in rows { print("\(row["id"]!)  \(row["title"]!)  (\(row["issuer"]!))") }
    }
}
