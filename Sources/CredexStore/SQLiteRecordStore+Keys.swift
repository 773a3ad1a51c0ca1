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
            arguments: [issuer.rawValue, seq]),
            case .issuer(let profile) = RecordBody(of: try CredexCore.Record(canonicalBytes: [UInt8](bytes)))
        {
            return Set(profile.signingKeys)
        }
        guard let bytes = try Data.fetchOne(
            db, sql: "SELECT bytes FROM record WHERE issuer = ? AND seq = 1", arguments: [issuer.rawValue]),
            let first = try CredexCore.Record(canonicalBytes: [UInt8](bytes)).keyID
        else { return nil }
        return [first]
    }

    /// Refuses `record` unless its key may sign at its position in its issuer's log.
    static func checkSigningKey(_ record: CredexCore.Record, db: Database) throws {
        guard record.kind != .trustList, let allowed = try signingKeys(of: record.issuer, at: record.seq, db: db),
            let key = record.keyID
        else { return }
        guard allowed.contains(key) else {
            throw StoreError(
                .wrongKey,
                "\(record.issuer) #\(record.seq) is signed by \(key), which that log does not declare at that position")
        }
    }
}
