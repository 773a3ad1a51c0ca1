import CredexCore
import Foundation
import GRDB

extension SQLiteRecordStore {
    /// The keys that may sign `issuer`'s record at `seq`, decided by the log alone: those the
    /// latest issuer profile before `seq` declares, else the key of the log's first record.
    /// Nil at seq 1, where only the federation's trust list can say which key is right.
    ///
    /// A record signed by any other key is invalid and blamed on that key: it is neither
    /// appended nor taken as a fork, so a stranger cannot extend or freeze another issuer's log.
    static func signingKeys(of issuer: NodeID, at seq: Int64, db: Database) throws -> Set<KeyID>? {
        guard seq > 1 else { return nil }
        if let bytes = try Data.fetchOne(
            db, sql: "SELECT bytes FROM record WHERE issuer = ? AND kind = 'issuer' AND seq < ? ORDER BY seq DESC LIMIT 1",
            arguments: [issuer.rawValue, seq])
        {
            // A profile this node cannot read (a newer version) leaves the keys to the trust list.
            guard case .issuer(let profile) = RecordBody(of: try CredexCore.Record(canonicalBytes: [UInt8](bytes)))
            else { return nil }
            return Set(profile.signingKeys)
        }
        guard let bytes = try Data.fetchOne(
            db, sql: "SELECT bytes FROM record WHERE issuer = ? AND seq = 1", arguments: [issuer.rawValue]),
            let first = try CredexCore.Record(canonicalBytes: [UInt8](bytes)).keyID
        else { return nil }
        return [first]
    }

    /// Refuses `record` unless its key may sign at its position in its issuer's log.
    ///
    /// `cache` holds, per issuer, the keys valid at the position after its head within one
    /// append, so a long batch costs one look-up per issuer, not one per record.
    static func checkSigningKey(
        _ record: CredexCore.Record, extendsHead: Bool, cache: inout [NodeID: Set<KeyID>?], db: Database
    ) throws {
        guard record.kind != .trustList, let key = record.keyID else { return }
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
                "\(record.issuer) #\(record.seq) is signed by \(key), which that log does not declare at that position")
        }
    }

    /// The keys valid after `verified` is appended, when it changes them: a profile declares new
    /// keys, and a log's first record makes its key the one to follow.
    static func keysAfter(_ verified: VerifiedRecord) -> Set<KeyID>?? {
        if case .issuer(let profile) = verified.body { return .some(Set(profile.signingKeys)) }
        if verified.record.kind == .issuer { return .some(nil) }  // a profile this node cannot read
        if verified.record.seq == 1, let key = verified.record.keyID { return .some([key]) }
        return nil
    }
}
