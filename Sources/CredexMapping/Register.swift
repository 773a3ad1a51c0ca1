import CredexCore
import Foundation

/// National registers and institutional exports as CSV: each declared by a `RegisterProfile`, decoded
/// row by row to canonical specs, each with a report of what was lost, estimated or unknown and
/// every crosswalk conversion with its source and confidence.
///
/// A file is imported whole or not at all: a bad row refuses it, naming every bad row and column.
///
///     let profile = try #require(try Register.detect(csv: bytes))
///     let decoded = try Register.decode(csv: bytes, profile: profile, asOf: today)
///     decoded.rows.filter(\.reviewOverdue)  // listings past their review date
public enum Register {
    /// One imported row.
    public struct Row: Sendable {
        /// The row's number in the file; the header is row 1.
        public let number: Int
        public let spec: CredentialSpec
        public let report: MappingReport
        /// The status column's value, where the profile has one.
        public let status: String?
        /// The review date is before the as-of date: the listing is due for review.
        public let reviewOverdue: Bool
    }

    /// A decoded file: the profile used and every row.
    public struct Decoded: Sendable {
        public let profile: String
        public let rows: [Row]
    }

    /// The profiles bundled with the module (`Frameworks/registers/`), sorted by id.
    public static func profiles() throws -> [RegisterProfile] {
        guard let folder = Bundle.module.url(forResource: "Frameworks", withExtension: nil) else {
            throw CredexError(.missingField, "the bundled folder Frameworks is missing")
        }
        let registers = folder.appendingPathComponent("registers")
        let names = try FileManager.default.contentsOfDirectory(atPath: registers.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let profile: RegisterProfile
            do {
                profile = try JSONDecoder().decode(
                    RegisterProfile.self,
                    from: Data(contentsOf: registers.appendingPathComponent(name))
                )
            } catch {
                throw CredexError(.malformed, "register profile \(name) cannot be read", cause: error)
            }
            try profile.check()
            return profile
        }
    }

    /// The profile `csv`'s header fits, the tightest when several do (the fewest declared columns absent from
    /// the file); nil when none does or the file cannot be read.
    public static func detect(csv: [UInt8], among profiles: [RegisterProfile]? = nil) -> RegisterProfile? {
        guard let table = try? RegisterCSV(csv), let candidates = try? profiles ?? Self.profiles() else {
            return nil
        }
        return candidates.filter { $0.accepts(header: table.header) }
            .min { $0.columns.count < $1.columns.count }
    }

    /// Decodes every row of `csv` by `profile`, as of `asOf` for review dates.
    /// - Throws: `CredexError` naming every bad row and column if the file or any row does not fit; nothing
    ///   is returned then.
    public static func decode(
        csv: [UInt8],
        profile: RegisterProfile,
        asOf: CalendarDate,
        limits: RegisterLimits = .init(),
        crosswalks: Crosswalks? = nil
    ) throws -> Decoded {
        try profile.check()
        let table = try RegisterCSV(csv, limits: limits)
        let unknown = table.header.filter { profile.column($0) == nil }
        let missing = profile.columns.filter { $0.required == true && !table.header.contains($0.header) }
        guard unknown.isEmpty, missing.isEmpty else {
            let names = (unknown.map { "unknown column \"\($0)\"" } + missing.map { "missing column \"\($0.header)\"" })
            throw CredexError(
                .unknownField,
                "the CSV header does not fit profile \(profile.id): \(names.joined(separator: "; "))"
            )
        }
        let crosswalks = try crosswalks ?? Crosswalks.load()
        var rows: [Row] = []
        var problems: [String] = []
        for row in table.rows {
            let values = Dictionary(uniqueKeysWithValues: zip(table.header, row.fields))
            var decoding = RegisterRowDecoding(profile: profile, values: values)
            do {
                let spec = try decoding.spec()
                let overdue = spec.reviewDue.map { isBefore($0, asOf) } ?? false
                var report = decoding.report(of: spec, crosswalks: crosswalks)
                if overdue, let due = spec.reviewDue {
                    report.add(
                        .init(
                            field: "reviewDue",
                            outcome: .unknown,
                            detail: "review overdue: due \(due), as of \(asOf)"
                        )
                    )
                }
                rows.append(
                    Row(number: row.number, spec: spec, report: report, status: decoding.status, reviewOverdue: overdue)
                )
            } catch {
                problems.append("row \(row.number): \((error as? CredexError)?.reason ?? "not a valid spec")")
            }
        }
        guard problems.isEmpty else {
            throw CredexError(
                .invalidField,
                "the CSV is refused, nothing imported: \(problems.joined(separator: "; "))"
            )
        }
        return Decoded(profile: profile.id, rows: rows)
    }

    /// Whether `date` falls before `asOf`; a month is its last day as a review date, its first as `asOf`.
    static func isBefore(_ date: CalendarDate, _ asOf: CalendarDate) -> Bool {
        let day = date.rawValue.count == 7 ? date.rawValue + "-31" : date.rawValue
        let reference = asOf.rawValue.count == 7 ? asOf.rawValue + "-01" : asOf.rawValue
        return day < reference
    }
}
