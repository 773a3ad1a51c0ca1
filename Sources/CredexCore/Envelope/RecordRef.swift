/// A record named by its id and log position, for answers that point at one.
public struct RecordRef: Codable, Sendable, Hashable {
    public var id: String
    public var kind: String
    public var issuer: String
    public var seq: Int64

    public init(_ record: Record) {
        id = record.id.rawValue
        kind = record.kind.rawValue
        issuer = record.issuer.rawValue
        seq = record.seq
    }
}
