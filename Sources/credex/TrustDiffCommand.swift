import ArgumentParser
import CredexCore
import CredexJSON
import CredexNode
import CredexTrust
import Foundation

struct TrustDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two trust-list versions, member by member.",
        discussion: "A and B are version or proposal files. Each change lists what was removed (-) and added (+)."
    )

    @OptionGroup var output: OutputOptions
    @Argument(help: "The older version file.")
    var a: String
    @Argument(help: "The newer version file.")
    var b: String

    func run() async throws {
        let older = try TrustProposal(path: a)
        let newer = try TrustProposal(path: b)
        let changes = try TrustChange.between(try older.content, try newer.content)
        if output.json { return try printJSON(changes) }
        print(
            "\(older.draft.federation) version \(older.draft.seq) -> \(newer.draft.federation) version \(newer.draft.seq)"
        )
        if changes.isEmpty { print("no changes") }
        for change in changes { change.print() }
    }
}

/// One changed field of a trust list or of one member: the values removed and added (a scalar
/// field's old and new value; an array's elements that left and came).
struct TrustChange: Encodable {
    let member: String?
    let field: String
    let removed: [JSONValue]
    let added: [JSONValue]

    /// The list-wide changes (not `issuedAt`), then each member's, in list order.
    static func between(_ old: TrustListContent, _ new: TrustListContent) throws -> [TrustChange] {
        let encoder = JSONValueEncoder()
        var oldList = try encoder.encode(old)
        var newList = try encoder.encode(new)
        for name in ["members", "issuedAt"] {
            oldList = oldList.removing(name)
            newList = newList.removing(name)
        }
        var changes = fields(oldList, newList, member: nil)
        var order = old.members.map(\.nodeId)
        order += new.members.map(\.nodeId).filter { !order.contains($0) }
        for node in order { changes += try member(node, old.member(node), new.member(node)) }
        return changes
    }

    /// How `node`'s entry changed from `old` to `new` (nil: not listed).
    static func member(
        _ node: NodeID,
        _ old: TrustListContent.Member?,
        _ new: TrustListContent.Member?
    ) throws -> [TrustChange] {
        let encoder = JSONValueEncoder()
        switch (old, new) {
        case (nil, nil): return []
        case (nil, let new?):
            return [
                TrustChange(
                    member: node.rawValue,
                    field: "member",
                    removed: [],
                    added: [try encoder.encode(new)]
                )
            ]
        case (let old?, nil):
            return [
                TrustChange(
                    member: node.rawValue,
                    field: "member",
                    removed: [try encoder.encode(old)],
                    added: []
                )
            ]
        case (let old?, let new?):
            return fields(try encoder.encode(old), try encoder.encode(new), member: node.rawValue)
        }
    }

    private static func fields(_ old: JSONValue, _ new: JSONValue, member: String?) -> [TrustChange] {
        guard case .object(let a) = old, case .object(let b) = new else { return [] }
        return Set(a.keys).union(b.keys).sorted().compactMap { name in
            let before = a[name]
            let after = b[name]
            guard before != after else { return nil }
            if case .array(let x)? = before, case .array(let y)? = after {
                let keep = Set(y.map(JCS.canonicalString))
                let had = Set(x.map(JCS.canonicalString))
                return TrustChange(
                    member: member,
                    field: name,
                    removed: x.filter { !keep.contains(JCS.canonicalString($0)) },
                    added: y.filter { !had.contains(JCS.canonicalString($0)) }
                )
            }
            return TrustChange(
                member: member,
                field: name,
                removed: before.map { [$0] } ?? [],
                added: after.map { [$0] } ?? []
            )
        }
    }

    func print() {
        if field == "member", let member {
            Swift.print("member \(member): \(added.isEmpty ? "removed" : "added")")
        } else {
            Swift.print((member.map { "member \($0): " } ?? "") + field)
        }
        for value in removed { Swift.print("  - \(JCS.canonicalString(value))") }
        for value in added { Swift.print("  + \(JCS.canonicalString(value))") }
    }
}

extension JSONValue {
    /// The object without member `name`.
    func removing(_ name: String) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members[name] = nil
        return .object(members)
    }
}
