import CredexCore
import CredexJSON
import CredexTesting
import Testing

/// The rates a spec states in its workload: checked where issued, and kept through canonical JSON.
@Suite struct WorkloadRateTests {
    static let ects: JSONValue = [
        "system": "ECTS", "hours": "25", "source": "MicroCreds (Irish Universities Association)",
    ]

    static func rates(_ rates: JSONValue) throws -> RecordBody {
        try ModelValidationTests.spec(["workload", "creditRates"], rates)
    }

    @Test func aStatedRateIsAccepted() throws {
        #expect(try Self.rates([Self.ects, ["system": "UK-credit", "hours": "0.5", "source": "QAA"]]).isUnderstood)
        let weekly: JSONValue = ["hours": "10", "source": "Coursera"]
        #expect(try ModelValidationTests.spec(["workload", "weeklyRate"], weekly).isUnderstood)
    }

    @Test(arguments: ["0", "0.0", "00", "-25", "25h", ""])
    func aRateNotAboveZeroIsRefused(hours: String) {
        let rate = Self.ects.setting(["hours"], to: .string(hours))
        expectRefusal(.invalidField, pointer: "/body/workload/creditRates/1/hours") {
            try Self.rates([Self.ects.setting(["system"], to: "UK-credit"), rate])
        }
        expectRefusal(.invalidField, pointer: "/body/workload/weeklyRate/hours") {
            try ModelValidationTests.spec(["workload", "weeklyRate"], ["hours": .string(hours), "source": "Coursera"])
        }
    }

    @Test func aSystemHasOneRateAndEveryRateASystemAndASource() {
        expectRefusal(.invalidField, pointer: "/body/workload/creditRates/1/system") {
            try Self.rates([Self.ects, Self.ects.setting(["hours"], to: "30")])
        }
        expectRefusal(.invalidField, pointer: "/body/workload/creditRates/0/system") {
            try Self.rates([Self.ects.setting(["system"], to: "")])
        }
        expectRefusal(.invalidField, pointer: "/body/workload/creditRates/0/source") {
            try Self.rates([Self.ects.setting(["source"], to: "")])
        }
        expectRefusal(.missingField, pointer: "/body/workload/creditRates/0") {
            try Self.rates([Self.ects.setting(["source"], to: nil)])
        }
    }

    @Test func canonicalJSONKeepsTheRates() throws {
        let body = RecordFactory.specBody()
            .setting(["workload", "creditRates"], to: [Self.ects])
            .setting(["workload", "weeklyRate"], to: ["hours": "7.5", "source": "the provider"])
        let spec = try JSONValueDecoder().decode(CredentialSpec.self, from: body)
        try spec.validate()
        #expect(spec.workload.creditRates?.first?.hours.rawValue == "25")
        #expect(spec.workload.weeklyRate?.hours.rawValue == "7.5")
        let bytes = try JSONValueEncoder().canonicalBytes(spec)
        let again = try JSONValueDecoder().decode(CredentialSpec.self, from: try StrictJSON.parseCanonical(bytes))
        #expect(again == spec)
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""creditRates":[{"hours":"25","source""#))
    }
}
