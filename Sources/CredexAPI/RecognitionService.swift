import CredexAccess
import CredexCore
import CredexRecognition
import CredexStore
import CredexTrust
import Foundation

/// Builds recognition reports from records held here, for the API and the web pages alike.
extension OfficerAPI {
    /// The target framework `framework` names (an id or alias of the crosswalk data, or `EQF`),
    /// else the one of this node's own country, else the EQF; for a programme at `programmeLevel`.
    func target(framework: String?, programmeLevel: String?) throws -> RecognitionTarget {
        var target: RecognitionTarget
        if let name = framework ?? ownFramework() {
            if name.caseInsensitiveCompare("EQF") == .orderedSame {
                target = .eqf
            } else {
                guard let known = crosswalks.framework(name) else {
                    throw Problem.badRequest("framework must be EQF or a framework of the crosswalk data, not \(name)")
                }
                target = RecognitionTarget(framework: known.id, name: known.aliases?.first ?? known.id)
            }
        } else {
            target = .eqf
        }
        if let programmeLevel { target = target.programme(at: programmeLevel) }
        return target
    }

    /// The framework of this node's country in the crosswalk data, if it has one with levels.
    private func ownFramework() -> String? {
        guard let country = trust().members[nodeID]?.entry.jurisdiction.country.rawValue else { return nil }
        return crosswalks.frameworks.first { $0.country == (country == "UK" ? "GB" : country) && !$0.levels.isEmpty }?
            .id
    }

    /// The report on `stored` (a spec, or an award and its spec) for `target`, at `generatedAt`,
    /// under trust-list version `trustVersion` (nil: the one in force). With `principal`, a
    /// personal part held here is an input (the grade), and reading it is audited.
    func recognition(
        of stored: StoredRecord,
        target: RecognitionTarget,
        generatedAt: ClaimedTime,
        trustVersion: Int64? = nil,
        reader principal: Principal?
    ) async throws -> RecognitionReport {
        let record = stored.record
        var award: Award?
        let spec: CredentialSpec
        let specID: RecordID
        switch RecordBody(of: record) {
        case .spec(let body):
            (spec, specID) = (body, record.id)
        case .award(let body):
            award = body
            guard let held = try await store.record(id: body.spec),
                case .spec(let specBody) = RecordBody(of: held.record)
            else { throw Problem(.conflict, "spec-not-held", "the award's spec \(body.spec) is not held here yet") }
            (spec, specID) = (specBody, body.spec)
        default:
            throw Problem.badRequest("a recognition report is about a spec or an award, not a \(record.kind) record")
        }
        let trust = try await trustList(version: trustVersion)
        var part: PersonalPart?
        if let principal, let award, let held = try await store.personalPart(award: record.id) {
            try await access.audit.record(
                try AuditEvent(
                    actor: principal.auditActor,
                    action: .personalRead,
                    targets: [.award(record.id), .learner(award.learner)],
                    outcome: .ok
                )
            )
            part = held
        }
        let input = RecognitionInput(
            spec: spec,
            specID: specID,
            award: award,
            awardID: award == nil ? nil : record.id,
            personalPart: part,
            member: trust.members[record.issuer]?.entry,
            trustListVersion: trust.version,
            target: target,
            credexVersion: CredexVersion.current,
            generatedAt: generatedAt
        )
        return RecognitionReport(input, crosswalks: crosswalks)
    }

    /// Trust-list version `version` from this node's history, or the one in force.
    private func trustList(version: Int64?) async throws -> FederationTrust {
        let current = trust()
        guard let version, version != current.version else { return current }
        let history = try await store.trustListVersions(federation: current.federation)
        guard let record = history.last(where: { $0.seq == version }) else {
            throw Problem(.conflict, "trust-list-missing", "this node keeps no trust-list version \(version)")
        }
        return try FederationTrust(TrustListVersion(record))
    }
}
