import CredexCore
import Foundation
import GRDB

extension SQLiteRecordStore {
    /// Re-verifies everything held: each record's bytes, id, indexed columns and signatures,
    /// each chain link, and each personal part against its award's commitment (and its delivery
    /// grant, when it was delivered).
    public func check() async throws -> IntegrityReport {
        try await read("checking the store") { db in
            var report = IntegrityReport()
            if let problem = try String.fetchOne(db, sql: "PRAGMA quick_check"), problem != "ok" {
                report.problems.append("SQLite quick_check: \(problem)")
            }
            var previous: (issuer: String, seq: Int64, id: String)?
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM record ORDER BY issuer, seq")
            while let row = try rows.next() {
                report.recordsChecked += 1
                let issuer: String = row["issuer"]
                let seq: Int64 = row["seq"]
                let id: String = row["id"]
                let place = "\(issuer) #\(seq) (\(id))"
                let expectedPrev = previous.flatMap { $0.issuer == issuer ? $0.id : nil }
                let expectedSeq = previous.flatMap { $0.issuer == issuer ? $0.seq + 1 : nil } ?? 1
                previous = (issuer, seq, id)
                if seq != expectedSeq { report.problems.append("\(place): gap in the log, expected #\(expectedSeq)") }
                let record: CredexCore.Record
                do {
                    record = try CredexCore.Record(canonicalBytes: [UInt8](row["bytes"] as Data))
                } catch {
                    report.problems.append("\(place): stored bytes do not decode: \(error)")
                    continue
                }
                if record.id.rawValue != id {
                    report.problems.append("\(place): bytes hash to \(record.id), not the stored id")
                }
                if record.issuer.rawValue != issuer || record.seq != seq || record.kind.rawValue != row["kind"]
                    || record.prev?.rawValue != row["prev"]
                {
                    report.problems.append("\(place): indexed columns disagree with the signed bytes")
                }
                if record.prev?.rawValue != expectedPrev {
                    report.problems.append("\(place): prev does not link to the record before it")
                }
                let signatures = record.verifySignatures()
                if !signatures.isValid {
                    report.problems.append("\(place): " + signatures.problems.joined(separator: "; "))
                }
            }
            try Self.checkPersonalParts(db, report: &report)
            return report
        }
    }

    private static func checkPersonalParts(_ db: Database, report: inout IntegrityReport) throws {
        let rows = try Row.fetchCursor(
            db,
            sql:
                """
                SELECT p.award_id, p.bytes, p.grant_bytes, r.bytes AS award
                FROM personal_part p LEFT JOIN record r ON r.id = p.award_id
                """
        )
        while let row = try rows.next() {
            report.personalPartsChecked += 1
            let awardID: String = row["award_id"]
            guard let awardBytes = row["award"] as Data?,
                let record = try? CredexCore.Record(canonicalBytes: [UInt8](awardBytes)),
                case .award(let award) = RecordBody(of: record)
            else {
                report.problems.append("personal part of \(awardID): its award is missing or unreadable")
                continue
            }
            guard let part = try? decodePersonalPart(row["bytes"], award: record.id),
                (try? part.commitment()) == award.learner
            else {
                report.problems.append("personal part of \(awardID): does not match the award's learner commitment")
                continue
            }
            // A delivered part keeps its grant: the evidence of why this node holds it.
            if let grantBytes = row["grant_bytes"] as Data? {
                guard let grant = try? PersonalMessage(canonicalBytes: [UInt8](grantBytes)), grant.type == .grant,
                    grant.hasValidSignature, grant.award == record.id, grant.issuer == record.issuer,
                    grant.commitment == award.learner
                else {
                    report.problems.append("personal part of \(awardID): its delivery grant does not check")
                    continue
                }
            }
        }
    }
}
