import CredexCore
import CredexJSON
import CredexTesting
import Testing

/// Value rules of the typed model, checked through `RecordBody.decode` as a node issuing would.
@Suite struct ModelValidationTests {
    static func spec(_ path: [String], _ value: JSONValue) throws -> RecordBody {
        try RecordBody.decode(kind: .spec, body: RecordFactory.specBody().setting(path, to: value))
    }

    @Test(arguments: ["P12W", "P6M", "PT40H", "P1Y2M3W4DT5H6M7.5S", "PT0.5S", "P0D", "PT1M"])
    func isoDurationsAreAccepted(duration: String) throws {
        #expect(try Self.spec(["workload", "duration"], .string(duration)).isUnderstood)
        #expect(try Self.spec(["participation", "duration"], .string(duration)).isUnderstood)
    }

    @Test(arguments: [
        "P", "PT", "12 weeks", "P1.5W", "P1H", "PT1D", "P1W1Y", "P1Y1Y", "P1YT", "p12w", "P12", "PW", "P1..5S", "PT.5S",
        "",
    ])
    func nonISODurationsAreRefused(duration: String) {
        expectRefusal(.invalidField, pointer: "/body/workload/duration") {
            try Self.spec(["workload", "duration"], .string(duration))
        }
        expectRefusal(.invalidField, pointer: "/body/participation/duration") {
            try Self.spec(["participation", "duration"], .string(duration))
        }
    }

    @Test func levelsOfKnownFrameworksAreChecked() throws {
        func levels(_ framework: String, _ level: String) throws -> RecordBody {
            try Self.spec(
                ["levels"],
                [["framework": "NFQ-IE", "level": "9"], ["framework": .string(framework), "level": .string(level)]]
            )
        }
        #expect(try levels("EQF", "8").isUnderstood)
        #expect(try levels("QF-EHEA", "first-cycle").isUnderstood)
        #expect(try levels("SCQF", "11").isUnderstood)
        for (framework, level) in [("EQF", "9"), ("EQF", "0"), ("EQF", "6a"), ("QF-EHEA", "bachelor"), ("NZQF", "")] {
            expectRefusal(.invalidField, pointer: "/body/levels/1/level") { try levels(framework, level) }
        }
    }

    @Test func languageMapErrorsPointAtTheEntry() throws {
        expectRefusal(.invalidField, pointer: "/body/title/EN") {
            try Self.spec(["title"], ["en": "Fine", "EN": "Upper"])
        }
        expectRefusal(.invalidField, pointer: "/body/title/fr") { try Self.spec(["title"], ["en": "Fine", "fr": ""]) }
        expectRefusal(.invalidField, pointer: "/body/title") { try Self.spec(["title"], [:]) }
        expectRefusal(.invalidField, pointer: "/body/learningOutcomes/0/text/x") {
            try Self.spec(["learningOutcomes"], [["text": ["x": "too short a tag"]]])
        }
        expectRefusal(.invalidField, pointer: "/EN") { try LanguageMap(["EN": "Upper"]) }
        #expect(try LanguageMap(["en": "Basic", "mi": "Tūāpapa"]).text(preferring: "mi") == "Tūāpapa")
    }

    @Test func checkpointSeqStartsAtOne() throws {
        let id = JSONValue.string(String(repeating: "a", count: 64))
        let body: JSONValue = [
            "type": "credex.checkpoint/1",
            "seen": [
                ["issuer": "urn:credex:node:a", "seq": 1, "id": id],
                ["issuer": "urn:credex:node:b", "seq": 0, "id": id],
            ],
        ]
        expectRefusal(.invalidField, pointer: "/body/seen/1/seq") {
            try RecordBody.decode(kind: .checkpoint, body: body)
        }
        let valid = body.setting(["seen"], to: [["issuer": "urn:credex:node:a", "seq": 1, "id": id]])
        #expect(try RecordBody.decode(kind: .checkpoint, body: valid).isUnderstood)
    }

    @Test func nullIsNeverAnOptionalValue() {
        expectRefusal(.invalidField, pointer: "/body/description") { try Self.spec(["description"], .null) }
    }
}

@Suite struct ClaimedTimeTests {
    @Test(arguments: ["2026-11-22T15:41:00Z", "2024-02-29T23:59:59.5Z"])
    func acceptsRFC3339UTC(_ text: String) throws {
        #expect(try ClaimedTime(validating: text).rawValue == text)
    }

    @Test(arguments: [
        "2026-11-22T25:00:00Z", "2026-11-22T10:60:00Z", "2026-11-22T10:00:60Z", "2026-11-22T10:00:00+01:00",
        "2025-02-29T10:00:00Z", "2026-11-22 10:00:00Z",
    ])
    func refusesOtherTimes(_ text: String) {
        #expect(throws: CredexError.self) { try ClaimedTime(validating: text) }
    }
}
