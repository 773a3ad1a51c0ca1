import CredexCore
import Foundation
import GRDB

extension SQLiteRecordStore {
    /// The keys that may sign `issuer`'s record at `seq`, decided by the log alone: those the
    /// latest readable issuer profile before `seq` declares, else the key of the log's first
    /// record. At seq 1 that is the key of a held first record; nil when none is held, as only
    /// the federation's trust list can say which key may start a log.
    ///
    /// A record signed by any other key is invalid and blamed on that key: it is neither
    /// appended nor taken as a fork, so a stranger cannot extend or freeze another issuer's log.
    /// A profile this node cannot read (a newer version) changes nothing here: it fails closed.
    static func signingKeys(of issuer: NodeID, at seq: Int64, db: Database) throws -> Set<KeyID>? {
        if seq > 1 {
            let profiles = try Data.fetchCursor(
                db,
                sql: "SELECT bytes FROM record WHERE issuer = ? AND kind = 'issuer' AND seq < ? ORDER BY seq DESC",
                arguments: [issuer.rawValue, seq]
            )
            while let bytes = try profiles.next() {
                if case .issuer(let profile) = RecordBody(of: try CredexCore.Record(canonicalBytes: [UInt8](bytes))) {
                    return Set(profile.signingKeys)
                }
            }
        }
        guard
            let bytes = try Data.fetchOne(
                db,
                sql: "SELECT bytes FROM record WHERE issuer = ? AND seq = 1",
                arguments: [issuer.rawValue]
            ),
            let first = try CredexCore.Record(canonicalBytes: [UInt8](bytes)).keyID
        else { return nil }
        return [first]
    }

    /// Refuses `record` unless its key may sign at its position in its issuer's log.
    ///
    /// `cache` holds, per issuer, the keys valid at the position after its head within one
    /// append, so a long batch costs one look-up per issuer, not one per record.
    static func checkSigningKey(
        _ record: CredexCore.Record,
        extendsHead: Bool,
        cache: inout [NodeID: Set<KeyID>?],
        db: Database
    ) throws {
        guard record.kind != .trustList else {
            throw StoreError(
                .wrongKey,
                "trust-list records are taken only once their admin signatures can be checked (k of n)"
            )
        }
        guard let key = record.keyID else { return }
        let allowed: Set<KeyID>?
        if extendsHead, let cached = cache[record.issuer] {
            allowed = cached
        } else {
            allowed = try signingKeys(of: record.issuer, at: record.seq, db: db)
            if extendsHead { cache[record.issuer] = allowed }
        }
        guard let allowed else { return }
        guard allowed.contains(key) else {
            throw StoreError(
                .wrongKey,
                "\(record.issuer) #\(record.seq) is signed by \(key), which that log does not declare at that position"
            )
        }
    }

    /// The keys valid after `verified` is appended, when it changes them: a profile declares new
    /// keys, and a log's first record makes its key the one to follow.
    static func keysAfter(_ verified: VerifiedRecord) -> Set<KeyID>?? {
        if case .issuer(let profile) = verified.body { return .some(Set(profile.signingKeys)) }
        if verified.record.seq == 1, let key = verified.record.keyID { return .some([key]) }
        return nil
    }
}
