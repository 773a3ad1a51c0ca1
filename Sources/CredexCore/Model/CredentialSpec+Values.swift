extension CredentialSpec {
    /// The value rules the JSON Schemas state as patterns: ISO 8601 durations, and the levels of
    /// the frameworks Credex knows (EQF 1-8, the QF-EHEA cycles). Other frameworks keep their
    /// levels as the source gives them.
    func validateValues() throws {
        for (path, duration) in [
            (["workload", "duration"], workload.duration),
            (["participation", "duration"], participation.duration),
        ] {
            if let duration, !Self.isISODuration(duration) {
                throw CredexError(
                    .invalidField,
                    "\"\(duration)\" is not an ISO 8601 duration such as P12W or PT40H",
                    pointer: .init(path)
                )
            }
        }
        for (index, level) in (levels ?? []).enumerated() where !level.isValidInItsFramework {
            throw CredexError(
                .invalidField,
                "\"\(level.level)\" is not a level of \(level.framework)",
                pointer: .init(["levels", "\(index)", "level"])
            )
        }
        try validateRates()
    }

    /// Stated rates name a credit system at most once, with a source, at more than zero hours.
    private func validateRates() throws {
        var systems = Set<String>()
        for (index, rate) in (workload.creditRates ?? []).enumerated() {
            let path = ["workload", "creditRates", "\(index)"]
            guard !rate.system.isEmpty, systems.insert(rate.system).inserted else {
                throw CredexError(
                    .invalidField,
                    "a credit rate needs a credit system not already given a rate",
                    pointer: .init(path + ["system"])
                )
            }
            try requireStated(rate.hours, rate.source, at: path)
        }
        if let weekly = workload.weeklyRate {
            try requireStated(weekly.hours, weekly.source, at: ["workload", "weeklyRate"])
        }
    }

    private func requireStated(_ hours: DecimalString, _ source: String, at path: [String]) throws {
        guard hours.isPositive else {
            throw CredexError(.invalidField, "a stated rate is more than zero hours", pointer: .init(path + ["hours"]))
        }
        guard !source.isEmpty else {
            throw CredexError(.invalidField, "a stated rate names its source", pointer: .init(path + ["source"]))
        }
    }

    /// `P[nY][nM][nW][nD][T[nH][nM][n[.n]S]]` with at least one component, and one after `T`.
    static func isISODuration(_ text: String) -> Bool {
        guard text.hasPrefix("P") else { return false }
        let parts = text.dropFirst().split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count <= 2, let date = durationComponents(parts[0], designators: "YMWD") else { return false }
        guard parts.count == 2 else { return date > 0 }
        guard let time = durationComponents(parts[1], designators: "HMS"), time > 0 else { return false }
        return true
    }

    /// How many `<number><designator>` groups `text` holds, designators in order and each at most
    /// once; nil if it is anything else. Only seconds may have a fraction.
    private static func durationComponents(_ text: Substring, designators: String) -> Int? {
        var allowed = Array(designators)[...]
        var number = ""
        var count = 0
        for char in text {
            if char.isASCII, char.isNumber || char == "." {
                number.append(char)
                continue
            }
            let pieces = number.split(separator: ".", omittingEmptySubsequences: false)
            guard let index = allowed.firstIndex(of: char), !pieces[0].isEmpty,
                pieces.count == 1 || (pieces.count == 2 && char == "S" && !pieces[1].isEmpty)
            else { return nil }
            allowed = allowed[(index + 1)...]
            number = ""
            count += 1
        }
        return number.isEmpty ? count : nil
    }
}

extension Level {
    static let eqfLevels: Set<String> = ["1", "2", "3", "4", "5", "6", "7", "8"]
    static let qfEHEALevels: Set<String> = ["short-cycle", "first-cycle", "second-cycle", "third-cycle"]

    /// EQF levels are 1-8 and QF-EHEA levels its cycles; any other framework's non-empty level stands.
    var isValidInItsFramework: Bool {
        switch framework {
        case "EQF": Self.eqfLevels.contains(level)
        case "QF-EHEA": Self.qfEHEALevels.contains(level)
        default: !level.isEmpty
        }
    }
}
