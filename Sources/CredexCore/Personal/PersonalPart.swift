import CredexCrypto
import Foundation

/// What identifies a learner and their results: names, birth date, ids, grade. It never enters
/// signed bytes; it travels only to nodes authorised for it and can be erased.
public struct LearnerDetails: Codable, Hashable, Sendable {
    /// A learner's names, stored in Unicode NFC so the commitment does not depend on input form.
    public struct Names: Codable, Hashable, Sendable {
        public var given: String?
        public var family: String?
        public var full: String?

        public init(given: String? = nil, family: String? = nil, full: String? = nil) {
            self.given = given
            self.family = family
            self.full = full
        }
    }

    /// A named result: a module grade, a score.
    public struct Result: Codable, Hashable, Sendable {
        public var name: LanguageMap
        public var value: String
    }

    public var names: Names
    public var birthDate: CalendarDate?
    public var identifiers: [Identifier]?
    public var grade: String?
    public var results: [Result]?
    public var activityStart: CalendarDate?
    public var activityEnd: CalendarDate?

    public init(
        names: Names,
        birthDate: CalendarDate? = nil,
        identifiers: [Identifier]? = nil,
        grade: String? = nil,
        results: [Result]? = nil,
        activityStart: CalendarDate? = nil,
        activityEnd: CalendarDate? = nil
    ) {
        self.names = names
        self.birthDate = birthDate
        self.identifiers = identifiers
        self.grade = grade
        self.results = results
        self.activityStart = activityStart
        self.activityEnd = activityEnd
    }

    /// The same details with every name in NFC; refuses details without any name.
    public func normalized() throws -> LearnerDetails {
        var copy = self
        copy.names = Names(
            given: names.given.map(\.precomposedStringWithCanonicalMapping),
            family: names.family.map(\.precomposedStringWithCanonicalMapping),
            full: names.full.map(\.precomposedStringWithCanonicalMapping)
        )
        let all = [copy.names.given, copy.names.family, copy.names.full].compactMap { $0 }
        guard !all.isEmpty, all.allSatisfy({ !$0.isEmpty }) else {
            throw CredexError(.invalidField, "the learner needs a non-empty name", pointer: .init(["names"]))
        }
        return copy
    }
}

/// The personal part of an award (`credex.personal/1`): learner details plus a fresh 128-bit salt.
/// The award's public `learner` commitment is the SHA-256 of its canonical bytes.
public struct PersonalPart: Codable, Hashable, Sendable {
    public static let bodyType = "credex.personal/1"

    public var type: String = bodyType
    /// Base64url of 16 random bytes, fresh for every award.
    public var salt: String
    public var names: LearnerDetails.Names
    public var birthDate: CalendarDate?
    public var identifiers: [Identifier]?
    public var grade: String?
    public var results: [LearnerDetails.Result]?
    public var activityStart: CalendarDate?
    public var activityEnd: CalendarDate?

    /// A personal part for `details` (NFC-normalised) with a fresh random salt.
    public init(details: LearnerDetails, salt: [UInt8] = SecureRandom.bytes(16)) throws {
        let details = try details.normalized()
        self.salt = Base64URL.encode(salt)
        names = details.names
        birthDate = details.birthDate
        identifiers = details.identifiers
        grade = details.grade
        results = details.results
        activityStart = details.activityStart
        activityEnd = details.activityEnd
    }

    /// Checks the body type, the salt and that the names are already NFC.
    public func validate() throws {
        try requireBodyType(type, Self.bodyType)
        guard let raw = Base64URL.decode(salt), raw.count == 16 else {
            throw CredexError(.invalidField, "the salt is not 16 bytes of base64url", pointer: .init(["salt"]))
        }
        // Compared by UTF-8 bytes: Swift's String == treats NFD and NFC as equal.
        let normalized = try LearnerDetails(names: names).normalized().names
        func utf8(_ names: LearnerDetails.Names) -> [[UInt8]?] {
            [names.given, names.family, names.full].map { $0.map { Array($0.utf8) } }
        }
        guard utf8(normalized) == utf8(names) else {
            throw CredexError(.invalidField, "names are not in Unicode NFC", pointer: .init(["names"]))
        }
    }

    /// The canonical bytes the commitment covers.
    public func canonicalBytes() throws -> [UInt8] { try JSONValueEncoder().canonicalBytes(self) }

    /// SHA-256 of the canonical bytes: the award's `learner` value.
    public func commitment() throws -> Commitment {
        try Commitment(validating: SHA256.hex(try canonicalBytes()))
    }
}
