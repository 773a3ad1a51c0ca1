import CredexCore
import Foundation

/// Where a node keeps the recognition reports its officers saved, so each can be shown again,
/// reproduced on appeal, and given the officer's decision. Reports are local: never replicated,
/// and never holding personal data (a saved report leaves the grade out).
public protocol ReportStore: Sendable {
    /// Saves a report (its canonical JSON) about `record`, made by `author` (a token id).
    func saveReport(_ report: SavedReport.Draft) async throws -> SavedReport
    /// Saved reports, newest first.
    func savedReports(limit: Int, offset: Int) async throws -> [SavedReport]
    func savedReport(id: String) async throws -> SavedReport?
    /// Records the officer's decision (its canonical JSON) on report `id`.
    func decide(report id: String, decision: [UInt8], by author: String) async throws -> SavedReport
}

/// A recognition report as saved.
public struct SavedReport: Sendable, Hashable {
    /// What to save.
    public struct Draft: Sendable, Hashable {
        public var record: RecordID
        /// The target framework, e.g. `MECES-ES`.
        public var framework: String
        public var author: String
        public var report: [UInt8]

        public init(record: RecordID, framework: String, author: String, report: [UInt8]) {
            self.record = record
            self.framework = framework
            self.author = author
            self.report = report
        }
    }

    /// `SHA-256` of the report's canonical bytes and the time it was saved, in hex.
    public var id: String
    public var record: RecordID
    public var framework: String
    public var author: String
    public var savedAt: String
    public var report: [UInt8]
    public var decision: [UInt8]?
    public var decidedBy: String?
    public var decidedAt: String?
}
