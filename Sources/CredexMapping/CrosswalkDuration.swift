import Foundation

/// An ISO 8601 duration split into hours (its time parts) and calendar weeks (a range: months and years vary).
struct ISODuration {
    var hours: Decimal = 0
    var weeks: (lower: Decimal, upper: Decimal) = (0, 0)

    /// Parses `PnYnMnWnDTnHnMnS`; each part a decimal number, at least one part.
    init?(_ text: String) {
        guard text.hasPrefix("P"), text.count > 1 else { return nil }
        var inTime = false
        var number = ""
        for character in text.dropFirst() {
            if character == "T", !inTime, number.isEmpty {
                inTime = true
            } else if character.isASCII, character.isNumber || character == "." {
                number.append(character)
            } else {
                guard let value = crosswalkDecimal(number), add(value, character, inTime) else { return nil }
                number = ""
            }
        }
        guard number.isEmpty, !text.hasSuffix("T") else { return nil }
    }

    private mutating func add(_ value: Decimal, _ unit: Character, _ inTime: Bool) -> Bool {
        switch (inTime, unit) {
        case (false, "Y"): addWeeks(value * 52, value * 366 / 7)
        case (false, "M"): addWeeks(value * 4, value * 31 / 7)
        case (false, "W"): addWeeks(value, value)
        case (false, "D"): addWeeks(value / 7, value / 7)
        case (true, "H"): hours += value
        case (true, "M"): hours += value / 60
        case (true, "S"): hours += value / 3600
        default: return false
        }
        return true
    }

    private mutating func addWeeks(_ lower: Decimal, _ upper: Decimal) {
        weeks = (weeks.lower + lower, weeks.upper + upper)
    }
}
