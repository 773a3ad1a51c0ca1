import CredexCore
import CredexJSON

/// Workload, levels, assessment, participation, quality assurance and the award side of an ELM claim.
extension ELMDecoding {
    /// - Throws: `CredexError` when a `creditPoint` has no point or one that is not a decimal number
    ///   of at least 0: a wrong credit is refused, never dropped.
    func workload(_ report: inout MappingReport) throws -> JSONValue {
        var out: [String: JSONValue] = [:]
        var credits: [JSONValue] = []
        for (index, credit) in ELMNode.list(specification["creditPoint"]).enumerated() {
            let point = credit["point"]?.stringValue ?? credit["point"]?.doubleValue.map(JCS.format)
            guard let point, (try? DecimalString(validating: point)) != nil else {
                throw CredexError(
                    .invalidField,
                    "the specification's creditPoint has no point, or one that is not a decimal number such as 5 or 7.5",
                    pointer: JSONPointer(["creditPoint", "\(index)", "point"])
                )
            }
            let framework = ELMNode.list(credit["framework"]).first?["id"]?.stringValue
            guard framework == ELMNode.ects else {
                report.add(
                    .init(
                        field: "workload.credits",
                        outcome: .lost,
                        detail: "\(point) credits in \(framework ?? "no stated framework"): not ECTS, not carried"
                    )
                )
                continue
            }
            credits.append(["system": "ECTS", "value": .string(point)])
        }
        if !credits.isEmpty { out["credits"] = .array(credits) }
        if let volume = specification["volumeOfLearning"]?.stringValue {
            out["duration"] = .string(volume)
            let hours = volume.dropFirst(2).dropLast()
            if volume.hasPrefix("PT"), volume.hasSuffix("H"), (try? DecimalString(validating: String(hours))) != nil {
                out["hours"] = .string(String(hours))
            }
        }
        if credits.isEmpty, out["hours"] == nil {
            out["note"] = ["en": "The source states no credits or hours."]
            report.add(
                .init(field: "workload", outcome: .unknown, detail: "no ECTS creditPoint or volumeOfLearning in hours")
            )
        }
        return .object(out)
    }

    /// EQF levels from their URIs; national levels from the NQF concepts the crosswalk data knows.
    func levels(_ report: inout MappingReport) -> JSONValue? {
        var levels: [JSONValue] = []
        for uri in ELMNode.list(specification["eqfLevel"]).compactMap({ $0["id"]?.stringValue ?? $0.stringValue }) {
            if uri.hasPrefix(ELMNode.eqf) {
                levels.append(["framework": "EQF", "level": .string(String(uri.dropFirst(ELMNode.eqf.count)))])
            } else {
                report.add(.init(field: "levels", outcome: .lost, detail: "eqfLevel \(uri) is not an EQF level URI"))
            }
        }
        for concept in ELMNode.list(specification["nqfLevel"]) {
            let uri = concept["id"]?.stringValue ?? concept.stringValue ?? "an unnamed concept"
            let match = crosswalks.frameworks.lazy.compactMap { framework in
                framework.levels.first { $0.elmUri == uri }.map { (framework.id, $0.level) }
            }.first
            if let (framework, level) = match {
                levels.append(["framework": .string(framework), "level": .string(level)])
            } else if let label = concept["prefLabel"]?["en"].flatMap({ ELMNode.strings($0).first }),
                let range = label.range(of: " Level "), !label[range.upperBound...].isEmpty
            {
                // A name that is only an alias in the crosswalks is qualified, so that nothing later
                // resolves it: ELM's "AQF" is Albania's framework, the crosswalks' "AQF" Australia's.
                let name = String(label[..<range.lowerBound])
                let framework = crosswalks.framework(name).map { $0.id == name } ?? true ? name : "\(name) (ELM label)"
                levels.append(["framework": .string(framework), "level": .string(String(label[range.upperBound...]))])
                report.add(
                    .init(field: "levels", outcome: .converted, detail: "\(uri) read from its label \"\(label)\"")
                )
            } else {
                report.add(
                    .init(field: "levels", outcome: .lost, detail: "nqfLevel \(uri) is not in the crosswalk data")
                )
            }
        }
        if levels.isEmpty {
            report.add(.init(field: "levels", outcome: .unknown, detail: "no EQF or national framework level stated"))
            return nil
        }
        return .array(levels)
    }

    /// Type of assessment from the assessment specification's `dcType`, its grading scheme, and the
    /// supervision and identity verification of the assessment. The specification is the awarded
    /// assessment's (`provenBy` of the claim, as issued credentials have it) or the achievement
    /// specification's own (`provenBy`, as Credex writes a spec), whose identity verification is
    /// the subject of a note.
    func assessment(_ report: inout MappingReport) -> [String: JSONValue] {
        let assessment = ELMNode.list(claim["provenBy"]).first
        let spec = ELMNode.list(assessment?["specifiedBy"]).first ?? ELMNode.list(specification["provenBy"]).first
        var out: [String: JSONValue] = [:]
        let type = ELMNode.list(spec?["dcType"]).first
        let label = type.flatMap { languageMap($0["prefLabel"], "assessment", &report) }
        if let name = label?["en"]?.stringValue ?? label?.objectValue?.values.first?.stringValue {
            var described: [String: JSONValue] = [
                "type": .string(name.lowercased().replacingOccurrences(of: " ", with: "-"))
            ]
            // A title that only repeats the type (the profile requires one) describes nothing.
            if let title = spec?["title"] ?? assessment?["title"], title != type?["prefLabel"] {
                described["description"] = languageMap(title, "assessment", &report)
            }
            out["assessment"] = .object(described)
        } else {
            report.add(.init(field: "assessment", outcome: .unknown, detail: "no assessment type (dcType) stated"))
            out["assessment"] = ["type": "not-stated"]
        }
        if let scheme = ELMNode.list(spec?["gradingScheme"]).first {
            out["gradingScheme"] = languageMap(scheme["description"] ?? scheme["title"], "gradingScheme", &report)
        }
        let noted = ELMNode.list(spec?["additionalNote"]).lazy.compactMap { ELMNode.list($0["subject"]).first }
            .first { $0["id"]?.stringValue.map { ELMNode.verifications[$0] != nil } == true }
        if let concept = ELMNode.list(assessment?["idVerification"]).first ?? noted {
            var verification: [String: JSONValue] = [:]
            if let id = concept["id"]?.stringValue, let (supervision, check) = ELMNode.verifications[id] {
                verification["supervision"] = .string(supervision.rawValue)
                verification["identityCheck"] = check.map { .string($0.rawValue) }
            } else {
                report.add(
                    .init(field: "identityVerification", outcome: .unknown, detail: "idVerification kept as text only")
                )
            }
            verification["description"] = languageMap(concept["prefLabel"], "identityVerification", &report)
            out["identityVerification"] = .object(verification.compactMapValues { $0 })
        }
        if let mode = ELMNode.list(spec?["mode"]).first?["prefLabel"]?["en"].flatMap({ ELMNode.strings($0).first }) {
            report.add(.init(field: "assessment", outcome: .lost, detail: "assessment mode \(mode)"))
        }
        if ELMNode.list(assessment?["grade"]).first != nil {
            report.add(.init(field: "assessment", outcome: .lost, detail: "the learner's grade is award-side"))
        }
        return out
    }

    func participation(_ report: inout MappingReport) -> JSONValue {
        var out: [String: JSONValue] = ["mode": "not-stated"]
        if let id = ELMNode.list(specification["mode"]).first?["id"]?.stringValue, let mode = ELMNode.modes[id] {
            out["mode"] = .string(mode.rawValue)
        } else {
            report.add(.init(field: "participation", outcome: .unknown, detail: "no known mode of learning stated"))
        }
        if let duration = specification["maximumDuration"]?.stringValue {
            out["duration"] = .string(duration)
            report.add(
                .init(field: "participation.duration", outcome: .converted, detail: "maximumDuration \(duration)")
            )
        }
        return .object(out)
    }

    /// An accreditation of the specification makes the assurance `accredited`.
    func qualityAssurance(_ report: inout MappingReport) -> JSONValue {
        guard let accreditation = ELMNode.list(specification["accreditation"]).first else {
            report.add(.init(field: "qualityAssurance", outcome: .unknown, detail: "no accreditation stated"))
            return ["type": "none-stated"]
        }
        var out: [String: JSONValue] = ["type": "accredited"]
        let agent = ELMNode.list(accreditation["accreditingAgent"]).first
        out["body"] = (agent?["legalName"]?.objectValue?.values.first).flatMap { ELMNode.strings($0).first }.map(
            JSONValue.string
        )
        out["description"] = languageMap(accreditation["title"], "qualityAssurance", &report)
        return .object(out.compactMapValues { $0 })
    }

    /// The learner, the date of issuing, other claims and activities are the award's, not the spec's.
    func awardSide(_ report: inout MappingReport) {
        let process = ELMNode.list(claim["awardedBy"]).first
        let date =
            ["awardingDate"].compactMap { process?[$0]?.stringValue }.first
            ?? ["issued", "issuanceDate", "validFrom"].compactMap { credential[$0]?.stringValue }.first
        if let date {
            report.add(.init(field: "dateOfIssue", outcome: .lost, detail: "\(date) dates the award, not the spec"))
        }
        report.add(.init(field: "learner", outcome: .lost, detail: "credentialSubject personal data is award-side"))
        let rest = credential.objectValue?.keys.filter { !Self.readOnCredential.contains($0) }.sorted() ?? []
        if !rest.isEmpty {
            report.add(
                .init(field: "credential", outcome: .lost, detail: "not carried: \(rest.joined(separator: ", "))")
            )
        }
        for key in ["influencedBy", "hasPart"] where claim[key] != nil {
            report.add(.init(field: "claim", outcome: .lost, detail: "not carried: the claim's \(key)"))
        }
        let claims = ELMNode.list(credential["credentialSubject"]?["hasClaim"]).count
        if claims > 1 {
            report.add(.init(field: "claim", outcome: .lost, detail: "only the first of \(claims) claims is read"))
        }
    }
}
