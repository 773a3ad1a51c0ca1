import CredexCore
import CredexJSON
import CredexMapping
import CredexRecognition
import CredexTesting
import CredexTrust
import Foundation
import Testing

/// The seed cases of `Schemas/examples` and the sample ECIU trust list, as recognition inputs.
enum Seed {
    static let crosswalks: Crosswalks = try! Crosswalks.load()
    static let generatedAt = try! ClaimedTime(validating: "2025-06-01T09:00:00Z")

    /// A `Schemas/examples` file as `T`.
    static func example<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Schemas/examples/\(name).json")
        return try JSONValueDecoder().decode(type, from: try StrictJSON.parse(try Data(contentsOf: url), mode: .record))
    }

    static func spec(_ name: String) throws -> CredentialSpec {
        let spec = try example(CredentialSpec.self, "spec-\(name)")
        try spec.validate()
        return spec
    }

    /// The sample trust list (version 5) and the member whose node id contains `host`.
    static func member(_ host: String) throws -> TrustListContent.Member {
        let list = try example(TrustListContent.self, "trustlist-eciu")
        return try #require(list.members.first { $0.nodeId.rawValue.contains(host) })
    }

    static func id(of value: some Encodable) throws -> RecordID {
        RecordID(canonicalBytes: try JSONValueEncoder().canonicalBytes(value))
    }

    /// A report on the example spec `name` for `target`, with whatever else is given.
    static func report(
        _ name: String,
        target: RecognitionTarget = .spain,
        award: Award? = nil,
        personalPart: PersonalPart? = nil,
        member: TrustListContent.Member? = nil,
        trustListVersion: Int64? = nil,
        crosswalks: Crosswalks = crosswalks
    ) throws -> RecognitionReport {
        try report(
            of: try spec(name),
            award: award,
            personalPart: personalPart,
            member: member,
            trustListVersion: trustListVersion,
            target: target,
            crosswalks: crosswalks
        )
    }

    /// A report on `spec` for `target`, with whatever else is given.
    static func report(
        of spec: CredentialSpec,
        award: Award? = nil,
        personalPart: PersonalPart? = nil,
        member: TrustListContent.Member? = nil,
        trustListVersion: Int64? = nil,
        externalQuality: [ReportFact] = [],
        target: RecognitionTarget = .spain,
        crosswalks: Crosswalks = crosswalks
    ) throws -> RecognitionReport {
        let input = RecognitionInput(
            spec: spec,
            specID: try id(of: spec),
            award: award,
            awardID: try award.map { try id(of: $0) },
            personalPart: personalPart,
            member: member,
            trustListVersion: trustListVersion,
            externalQuality: externalQuality,
            target: target,
            credexVersion: "0.1.0",
            generatedAt: generatedAt
        )
        return RecognitionReport(input, crosswalks: crosswalks)
    }
}

extension Seed {
    /// The learner of `Schemas/examples/award-<name>.json` with a fixed salt, and the award to them of `spec`.
    static func award(
        _ name: String,
        of spec: String,
        validUntil: String? = nil
    ) throws -> (award: Award, personal: PersonalPart) {
        struct Input: Decodable {
            var issuedOn: CalendarDate
            var learner: LearnerDetails
        }
        let input = try example(Input.self, "award-\(name)")
        let personal = try PersonalPart(details: input.learner, salt: Array(repeating: 7, count: 16))
        let award = Award(
            spec: try id(of: try Seed.spec(spec)),
            learner: try personal.commitment(),
            issuedOn: input.issuedOn,
            validUntil: try validUntil.map { try CalendarDate(validating: $0) }
        )
        return (award, personal)
    }

    /// A spec's facts one per line, `name: value` or `name: unknown (why)`.
    static func lines(_ facts: [ReportFact]) -> [String] {
        facts.map { fact in
            let value = fact.value.map { "\($0) [\(fact.source?.kind.rawValue ?? "")]" }
            return "\(fact.name): " + (value ?? "unknown (\(fact.unknown ?? ""))")
        }
    }
}
