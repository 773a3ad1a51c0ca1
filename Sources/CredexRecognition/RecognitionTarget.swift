/// The framework a report states levels in: the EQF itself, or a national framework the crosswalk data knows.
///
/// EQF to a national framework is one-to-many, so a report lists every candidate level of the target. When
/// the target framework's country is Spain the workload also gets its class of `título propio`
/// (Real Decreto 822/2021).
///
///     RecognitionTarget.spain  // MECES, "at the level of MECES 3 qualifications"
///     RecognitionTarget(framework: "NFQ-IE", name: "NFQ", programmeLevel: "8")
public struct RecognitionTarget: Codable, Hashable, Sendable {
    /// `EQF`, or a framework id or alias of the crosswalk data (`MECES-ES`, `NFQ-IE`).
    public var framework: String
    /// The framework as the report writes it: "at the level of `name` 3 qualifications".
    public var name: String
    /// The level, in `framework`, of the programme the credential is to be recognised in, when there is one:
    /// a credential below it gets a possible difference.
    public var programmeLevel: String?

    public init(framework: String, name: String? = nil, programmeLevel: String? = nil) {
        self.framework = framework
        self.name = name ?? framework
        self.programmeLevel = programmeLevel
    }

    /// The EQF alone.
    public static let eqf = RecognitionTarget(framework: eqfID)

    /// Spain: MECES levels, and RD 822/2021 classes of títulos propios.
    public static let spain = RecognitionTarget(framework: "MECES-ES", name: "MECES")

    /// The same target for a programme at `level`.
    public func programme(at level: String) -> RecognitionTarget {
        RecognitionTarget(framework: framework, name: name, programmeLevel: level)
    }

    static let eqfID = "EQF"

    var isEQF: Bool { framework.caseInsensitiveCompare(Self.eqfID) == .orderedSame }
}
