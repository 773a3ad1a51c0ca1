import CredexCore
import CredexCrypto
import CredexTesting
import CredexTrust
import Testing

/// Governance of the trust-list log: k of n admins, no rollback, conflicts kept as evidence,
/// a joining node's pin.
@Suite struct TrustListLogTests {
    static let admins = (0..<4).map { _ in Ed25519PrivateKey.generate() }
    /// Version 1: admins 0, 1, 2 with threshold 2.
    static let v1 = try! TrustListFactory.version(
        1,
        content: TrustListFactory.content(admins: Array(admins[0...2]), threshold: 2),
        signers: admins[0...1]
    )

    static func v2(
        name: String = "Renamed",
        signers: ArraySlice<Ed25519PrivateKey>,
        admins: [Ed25519PrivateKey]? = nil
    )
        throws -> Record
    {
        try TrustListFactory.version(
            2,
            after: v1,
            content: TrustListFactory.content(name: name, admins: admins ?? Array(Self.admins[0...2]), threshold: 2),
            signers: signers
        )
    }

    func expectRefusal(_ code: TrustError.Code, _ text: String, _ body: () throws -> Void) {
        let error = #expect(throws: TrustError.self) { try body() }
        #expect(error?.code == code, "\(String(describing: error))")
        #expect(error?.reason.contains(text) == true, "\(String(describing: error))")
    }

    @Test func versionsSignedByTheThresholdFollowEachOther() throws {
        var log = TrustListLog(federation: RecordFactory.federation)
        #expect(try log.add(Self.v1) == .accepted(version: 1))
        #expect(try log.add(try Self.v2(signers: Self.admins[1...2])) == .accepted(version: 2))
        #expect(log.current?.version == 2)
        #expect(log.current?.content.name == "Renamed")
    }

    @Test func tooFewAdminSignaturesAreRefused() throws {
        var log = TrustListLog(federation: RecordFactory.federation)
        let lonely = try TrustListFactory.version(
            1,
            content: TrustListFactory.content(admins: Array(Self.admins[0...2]), threshold: 2),
            signers: Self.admins[0...0]
        )
        expectRefusal(.tooFewSignatures, "signed by 1 of its own admins, and needs 2") { try log.add(lonely) }
        try log.add(Self.v1)
        expectRefusal(.tooFewSignatures, "signed by 1 of version 1's admins, and needs 2") {
            try log.add(try Self.v2(signers: Self.admins[2...2]))
        }
        #expect(log.current?.version == 1)
    }

    @Test func anUpdateSignedByAnotherVersionsAdminsIsRefused() throws {
        var log = TrustListLog(federation: RecordFactory.federation)
        try log.add(Self.v1)
        // The new admins (3 alone, then 3 with 2) sign their own appointment: not enough.
        expectRefusal(.tooFewSignatures, "of version 1's admins") {
            try log.add(try Self.v2(signers: Self.admins[3...3], admins: [Self.admins[2], Self.admins[3]]))
        }
        // Changing the admins needs the new ones too.
        expectRefusal(.tooFewSignatures, "of its new admins") {
            try log.add(try Self.v2(signers: Self.admins[0...1], admins: [Self.admins[1], Self.admins[3]]))
        }
        #expect(
            try log.add(try Self.v2(signers: Self.admins[1...3], admins: [Self.admins[1], Self.admins[3]]))
                == .accepted(version: 2)
        )
    }

    @Test func aReplayedOlderVersionIsNotPutInForce() throws {
        var log = TrustListLog(federation: RecordFactory.federation)
        try log.add(Self.v1)
        try log.add(try Self.v2(signers: Self.admins[0...1]))
        #expect(try log.add(Self.v1) == .duplicate(version: 1))
        expectRefusal(.rollback, "version 1 is not newer than version 2 in force") { try log.requireNewer(Self.v1) }
        #expect(log.current?.version == 2)
    }

    @Test func oneMoreSignatureIsTheSameVersionNotAFork() throws {
        var log = TrustListLog(federation: RecordFactory.federation)
        try log.add(Self.v1)
        let third = try TrustListFactory.version(
            1,
            content: TrustListFactory.content(admins: Array(Self.admins[0...2]), threshold: 2),
            signers: Self.admins[0...2]
        )
        #expect(third.id != Self.v1.id)
        #expect(try log.add(third) == .moreSignatures(version: 1))
        #expect(!log.hasConflict)
        #expect(log.current?.signers.count == 3)
        // v2 names v1 by its content, so it follows either copy.
        #expect(try log.add(try Self.v2(signers: Self.admins[0...1])) == .accepted(version: 2))
    }

    @Test func twoValidVersionsWithOneSeqAreKeptAndTheLastUnambiguousStaysInForce() throws {
        var log = TrustListLog(federation: RecordFactory.federation)
        try log.add(Self.v1)
        let branchA = try Self.v2(name: "A", signers: Self.admins[0...1])
        let branchB = try Self.v2(name: "B", signers: Self.admins[1...2])
        try log.add(branchA)
        #expect(try log.add(branchB) == .conflict(version: 2))
        #expect(log.hasConflict)
        #expect(log.current?.version == 1)
        // The admins settle it by publishing a version that follows branch B.
        let v3 = try TrustListFactory.version(
            3,
            after: branchB,
            content: TrustListFactory.content(name: "B", admins: Array(Self.admins[0...2]), threshold: 2),
            signers: Self.admins[0...1]
        )
        #expect(try log.add(v3) == .accepted(version: 3))
        #expect(log.current?.version == 3)
    }

    @Test func gapsWrongLinksAndOtherFederationsAreRefused() throws {
        var log = TrustListLog(federation: RecordFactory.federation)
        try log.add(Self.v1)
        let v2 = try Self.v2(signers: Self.admins[0...1])
        let v3 = try TrustListFactory.version(
            3,
            after: v2,
            content: TrustListFactory.content(admins: Array(Self.admins[0...2]), threshold: 2),
            signers: Self.admins[0...1]
        )
        expectRefusal(.brokenChain, "version 3 needs version 2 first") { try log.add(v3) }
        let unlinked = try TrustListFactory.version(
            2,
            content: TrustListFactory.content(admins: Array(Self.admins[0...2]), threshold: 2),
            signers: Self.admins[0...1]
        )
        #expect(throws: (any Error).self) { try log.add(unlinked) }
        let foreign = try TrustListFactory.version(
            1,
            of: "urn:credex:federation:other",
            content: TrustListFactory.content(admins: Array(Self.admins[0...2]), threshold: 2),
            signers: Self.admins[0...1]
        )
        expectRefusal(.wrongFederation, "urn:credex:federation:other") { try log.add(foreign) }
    }

    @Test func aMalformedListIsRefused() throws {
        var content = TrustListFactory.content(admins: Array(Self.admins[0...2]), threshold: 4)
        let record = try TrustListFactory.version(1, content: content, signers: Self.admins[0...2])
        var log = TrustListLog(federation: RecordFactory.federation)
        expectRefusal(.malformed, "the threshold is 1 to the number of admins (3), not 4 at /body/threshold") {
            try log.add(record)
        }
        content.threshold = 2
        content.maxCheckpointAge = 5
        expectRefusal(.malformed, "at /body/maxCheckpointAge") {
            try log.add(try TrustListFactory.version(1, content: content, signers: Self.admins[0...2]))
        }
    }

    @Test func aJoiningNodeUsesTheListOnlyOnceHistoryReachesItsPin() throws {
        let v2 = try Self.v2(signers: Self.admins[0...1])
        var log = TrustListLog(federation: RecordFactory.federation, pin: v2.draft.contentID)
        try log.add(Self.v1)
        #expect(log.current == nil, "history has not reached the pinned version")
        try log.add(v2)
        #expect(log.current?.version == 2)
    }
}
