import CredexCore
import CredexTesting
import Foundation
import GRDB
import Testing

@testable import CredexStore

/// The personal-data outbox of an issuer (deliveries and erasure notices) and what a receiver keeps:
/// delivered parts with their grants, erasure notices, legal holds and tombstones.
@Suite struct PersonalDeliveryStoreTests {
    static let first = try! NodeID(validating: "did:web:first.example")
    static let second = try! NodeID(validating: "did:web:second.example")
    static let third = try! NodeID(validating: "did:web:third.example")
    static let fourth = try! NodeID(validating: "did:web:fourth.example")
    /// The reference time the outbox tests count from.
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    /// A store holding a spec and an award by the issuer seeded `seed`, with or without the part.
    /// An issued award and another node's store; with `delivered`, that store holds the award
    /// and its personal part, delivered with the issuer's grant.
    struct Receipt {
        let issued: Issued
        let receiver: TestStore
        var store: SQLiteRecordStore { receiver.store }

        init(_ backend: Backend, delivered: Bool = true) async throws {
            issued = try await Issued(backend)
            receiver = try TestStore(backend)
            guard delivered else { return }
            _ = try await receiver.store.append(issued.records)
            try await receiver.store.storeDelivered(issued.part, grant: try issued.message(.grant))
        }

        func remove() {
            issued.test.directory.remove()
            receiver.directory.remove()
        }
    }

    struct Issued {
        let test: TestStore
        let issuer: TestIssuer
        let records: [CredexCore.Record]
        let part: PersonalPart
        var store: SQLiteRecordStore { test.store }
        var award: RecordID { records[1].id }

        init(_ backend: Backend, seed: UInt8 = 1, withPart: Bool = true, name: String = "Aoife Byrne") async throws {
            test = try TestStore(backend)
            issuer = try TestIssuer(seed: seed)
            part = try RecordFactory.personalPart(fullName: name, saltByte: seed)
            records = try PersonalPartStoreTests.specAndAward(for: part, seed: seed)
            _ = try await test.store.append(
                PersonalPartStoreTests.batch(records, parts: withPart ? [records[1].id: part] : [:])
            )
        }

        /// A message about this award, signed by `signer` (the award's issuer unless told).
        func message(
            _ kind: PersonalMessage.Kind,
            to recipient: NodeID = PersonalDeliveryStoreTests.first,
            by signer: TestIssuer? = nil,
            commitment: Commitment? = nil
        ) throws -> PersonalMessage {
            let signer = signer ?? issuer
            return try PersonalMessage(
                kind,
                federation: signer.federation,
                issuer: signer.nodeID,
                recipient: recipient,
                award: award,
                commitment: try commitment ?? part.commitment(),
                reason: kind == .grant ? .firstRecipient : nil,
                key: signer.key
            )
        }
    }

    /// The outbox entry of `kind` for `recipient`, if any.
    static func entry(
        _ kind: OutboxEntry.Kind,
        _ recipient: NodeID,
        in store: SQLiteRecordStore
    ) async throws -> OutboxEntry? {
        try await store.outbox(award: nil).first { $0.kind == kind && $0.recipient == recipient }
    }

    /// The grant bytes stored beside `award`'s part, if any.
    static func grantBytes(_ award: RecordID, in store: SQLiteRecordStore) async throws -> [UInt8]? {
        try await store.writer.read { db in
            try Data.fetchOne(
                db,
                sql: "SELECT grant_bytes FROM personal_part WHERE award_id = ?",
                arguments: [award.rawValue]
            )
        }.map { [UInt8]($0) }
    }

    // MARK: queueing

    @Test(arguments: Backend.allCases)
    func aDeliveryIsQueuedOnlyForAPartHeldAndOnlyOnce(backend: Backend) async throws {
        let issued = try await Issued(backend)
        defer { issued.test.directory.remove() }
        let store = issued.store
        let spec = issued.records[0].id

        // Not an award with a part: nothing is queued.
        await expectStoreError(.notFound) { try await store.queueDelivery(award: spec, to: Self.first, reason: .share) }
        let unknown = RecordID(canonicalBytes: Array("no such award".utf8))
        await expectStoreError(.notFound) {
            try await store.queueDelivery(award: unknown, to: Self.first, reason: .share)
        }
        #expect(try await store.outbox(award: nil).isEmpty)

        #expect(try await store.queueDelivery(award: issued.award, to: Self.first, reason: .firstRecipient))
        let queued = try #require(try await Self.entry(.deliver, Self.first, in: store))
        #expect(queued.state == .pending && queued.attempts == 0)
        #expect(try queued.commitment == issued.part.commitment())
        #expect(queued.reason == .firstRecipient)
        #expect(queued.award == issued.award && queued.lastError == nil && queued.settledAt == nil)

        // Queued twice: the first stays as it was.
        #expect(try await store.queueDelivery(award: issued.award, to: Self.first, reason: .share) == false)
        #expect(try await store.outbox(award: nil) == [queued])

        // Delivered: not queued again.
        try await store.settle(queued, .accepted(answer: "stored"))
        #expect(try await store.queueDelivery(award: issued.award, to: Self.first, reason: .share) == false)
        #expect(try await Self.entry(.deliver, Self.first, in: store)?.state == .done)
    }

    @Test(arguments: Backend.allCases)
    func aRefusedDeliveryIsQueuedAgain(backend: Backend) async throws {
        let issued = try await Issued(backend)
        defer { issued.test.directory.remove() }
        let store = issued.store
        #expect(try await store.queueDelivery(award: issued.award, to: Self.second, reason: .firstRecipient))
        let entry = try #require(try await Self.entry(.deliver, Self.second, in: store))
        try await store.settle(entry, .refused("403: not for this node"))
        let refused = try #require(try await Self.entry(.deliver, Self.second, in: store))
        #expect(refused.state == .refused && refused.attempts == 1 && refused.lastError == "403: not for this node")
        #expect(refused.settledAt != nil)
        #expect(try await store.dueMessages(now: .distantFuture, limit: 10).isEmpty)

        #expect(try await store.queueDelivery(award: issued.award, to: Self.second, reason: .share))
        let again = try #require(try await Self.entry(.deliver, Self.second, in: store))
        #expect(again.state == .pending && again.reason == .share)
        #expect(try await store.dueMessages(now: Self.start, limit: 10) == [again])
        #expect(try await store.outbox(award: nil).count == 1)
    }

    // MARK: attempts

    @Test(arguments: Backend.allCases)
    func aFailedAttemptIsNotDueBeforeItsRetryTime(backend: Backend) async throws {
        let issued = try await Issued(backend)
        defer { issued.test.directory.remove() }
        let store = issued.store
        #expect(try await store.nextAttempt() == nil)
        #expect(try await store.queueDelivery(award: issued.award, to: Self.first, reason: .firstRecipient))
        let due = try await store.dueMessages(now: Self.start, limit: 10)
        #expect(due.map(\.recipient) == [Self.first])
        let entry = try #require(due.first)

        let retryAt = Self.start.addingTimeInterval(60)
        try await store.settle(entry, .failed("409: not held yet", retryAt: retryAt))
        #expect(try await store.dueMessages(now: Self.start.addingTimeInterval(59), limit: 10).isEmpty)
        #expect(try await store.nextAttempt() == retryAt)
        let retried = try await store.dueMessages(now: retryAt, limit: 10)
        #expect(retried.count == 1)
        #expect(retried.first?.state == .pending && retried.first?.attempts == 1)
        #expect(retried.first?.lastError == "409: not held yet" && retried.first?.settledAt == nil)

        try await store.settle(try #require(retried.first), .accepted(answer: "stored"))
        let done = try #require(try await Self.entry(.deliver, Self.first, in: store))
        #expect(done.state == .done && done.attempts == 2 && done.answer == "stored")
        #expect(done.lastError == nil && done.settledAt != nil)
        #expect(try await store.dueMessages(now: .distantFuture, limit: 10).isEmpty)
        #expect(try await store.nextAttempt() == nil)
    }

    @Test(arguments: Backend.allCases)
    func dueMessagesComeOldestFirstUpToTheLimit(backend: Backend) async throws {
        let issued = try await Issued(backend)
        defer { issued.test.directory.remove() }
        let store = issued.store
        for recipient in [Self.first, Self.second, Self.third] {
            #expect(try await store.queueDelivery(award: issued.award, to: recipient, reason: .share))
        }
        let all = try await store.dueMessages(now: Self.start, limit: 10)
        #expect(Set(all.map(\.recipient)) == [Self.first, Self.second, Self.third])
        // The first one fails until later: the others come before it.
        let firstEntry = try #require(all.first { $0.recipient == Self.first })
        try await store.settle(firstEntry, .failed("503: busy", retryAt: Self.start.addingTimeInterval(10)))
        let later = try await store.dueMessages(now: Self.start.addingTimeInterval(10), limit: 10)
        #expect(later.count == 3 && later.last?.recipient == Self.first)
        #expect(try await store.dueMessages(now: Self.start.addingTimeInterval(10), limit: 2).count == 2)
        #expect(try await store.dueMessages(now: Self.start, limit: 10).count == 2)
    }

    // MARK: erasure at the issuer

    @Test(arguments: Backend.allCases)
    func erasureQueuesANoticeToEveryNodeThatWasOrMayHaveBeenSentThePart(backend: Backend) async throws {
        let issued = try await Issued(backend)
        let other = try await Issued(backend, seed: 2, name: "Tane Ngata")
        defer {
            issued.test.directory.remove()
            other.test.directory.remove()
        }
        let store = issued.store
        // Another award's part in the same store, delivered to `first`: untouched by the erasure.
        _ = try await store.append(PersonalPartStoreTests.batch(other.records, parts: [other.award: other.part]))
        #expect(try await store.queueDelivery(award: other.award, to: Self.first, reason: .share))

        for recipient in [Self.first, Self.second, Self.third, Self.fourth] {
            #expect(try await store.queueDelivery(award: issued.award, to: recipient, reason: .firstRecipient))
        }
        for entry in try await store.dueMessages(now: Self.start, limit: 10) {
            switch (entry.award, entry.recipient) {
            case (_, Self.first): try await store.settle(entry, .accepted(answer: "stored"))
            // The answer was lost: the recipient may hold the part.
            case (issued.award, Self.second):
                try await store.settle(entry, .failed("timed out", retryAt: Self.start.addingTimeInterval(5)))
            case (issued.award, Self.third): try await store.settle(entry, .refused("422: mismatch"))
            default: break  // `fourth` was never attempted.
            }
        }

        #expect(try await store.erase(.award(issued.award)) == [issued.award])
        #expect(try await store.personalPart(award: issued.award) == nil)

        let outbox = try await store.outbox(award: issued.award)
        let notices = outbox.filter { $0.kind == .erase }
        #expect(notices.map(\.recipient) == [Self.first, Self.second, Self.third])
        for notice in notices {
            #expect(notice.state == .pending && notice.attempts == 0 && notice.reason == nil)
            #expect(try notice.commitment == issued.part.commitment())
        }
        let deliveries = Dictionary(
            uniqueKeysWithValues: outbox.filter { $0.kind == .deliver }.map { ($0.recipient, $0) }
        )
        #expect(deliveries[Self.first]?.state == .done)
        #expect(deliveries[Self.second]?.state == .cancelled)
        #expect(deliveries[Self.third]?.state == .cancelled)
        #expect(deliveries[Self.fourth]?.state == .cancelled)
        #expect(try await Self.entry(.erase, Self.fourth, in: store) == nil)

        // The notices are due now; the cancelled deliveries never are.
        let due = try await store.dueMessages(now: Self.start.addingTimeInterval(5), limit: 10)
        #expect(Set(due.map(\.recipient)) == [Self.first, Self.second, Self.third])
        #expect(due.allSatisfy { $0.kind == .erase && $0.award == issued.award })
        // The other award's outbox is as it was.
        #expect(try await store.outbox(award: other.award).map(\.state) == [.done])
        #expect(try await store.personalPart(award: other.award) == other.part)

        // The part is gone: it cannot be queued again.
        await expectStoreError(.notFound) {
            try await store.queueDelivery(award: issued.award, to: Self.fourth, reason: .share)
        }
    }

    @Test(arguments: Backend.allCases)
    func settlingNeverChangesACancelledDeliveryButAPossibleArrivalGetsANotice(backend: Backend) async throws {
        let issued = try await Issued(backend)
        defer { issued.test.directory.remove() }
        let store = issued.store
        #expect(try await store.queueDelivery(award: issued.award, to: Self.first, reason: .firstRecipient))
        // Taken for sending, then the part is erased before the answer comes.
        let inFlight = try #require(try await store.dueMessages(now: Self.start, limit: 10).first)
        #expect(try await store.erase(.award(issued.award)) == [issued.award])
        let cancelled = try #require(try await Self.entry(.deliver, Self.first, in: store))
        #expect(cancelled.state == .cancelled && cancelled.settledAt != nil)
        #expect(try await Self.entry(.erase, Self.first, in: store) == nil, "never attempted: no notice")

        // A refusal means the part never arrived: nothing more is due.
        try await store.settle(inFlight, .refused("410: gone"))
        #expect(try await Self.entry(.deliver, Self.first, in: store) == cancelled)
        #expect(try await store.dueMessages(now: .distantFuture, limit: 10).isEmpty)
        // An acceptance (or a lost answer) means it may have: a notice follows it, once.
        let outcomes: [OutboxOutcome] = [.accepted(answer: "stored"), .failed("timed out", retryAt: Self.start)]
        for outcome in outcomes {
            try await store.settle(inFlight, outcome)
            #expect(try await Self.entry(.deliver, Self.first, in: store) == cancelled, "\(outcome)")
        }
        let notices = try await store.dueMessages(now: .distantFuture, limit: 10)
        #expect(notices.map(\.kind) == [.erase] && notices.first?.recipient == Self.first)
    }

    /// The erasure cancelled a delivery whose attempt was in flight; the recipient then took the
    /// part (or its answer was lost). It may hold the part: it must be sent a notice.
    @Test(arguments: Backend.allCases)
    func aDeliveryInFlightDuringTheErasureStillGetsANotice(backend: Backend) async throws {
        let issued = try await Issued(backend)
        defer { issued.test.directory.remove() }
        let store = issued.store
        #expect(try await store.queueDelivery(award: issued.award, to: Self.first, reason: .firstRecipient))
        #expect(try await store.queueDelivery(award: issued.award, to: Self.second, reason: .firstRecipient))
        let inFlight = try await store.dueMessages(now: Self.start, limit: 10)
        #expect(try await store.erase(.award(issued.award)) == [issued.award])

        try await store.settle(try #require(inFlight.first { $0.recipient == Self.first }), .accepted(answer: "stored"))
        let lost = try #require(inFlight.first { $0.recipient == Self.second })
        try await store.settle(lost, .failed("timed out", retryAt: Self.start))
        for recipient in [Self.first, Self.second] {
            #expect(try await Self.entry(.deliver, recipient, in: store)?.state == .cancelled)
            let notice = try await Self.entry(.erase, recipient, in: store)
            #expect(notice?.state == .pending, "\(recipient) may hold the part but is sent no erasure notice")
        }
    }

    @Test(arguments: Backend.allCases)
    func anErasureAndItsNoticesAreOneTransaction(backend: Backend) async throws {
        let issued = try await Issued(backend)
        defer { issued.test.directory.remove() }
        let store = issued.store
        #expect(try await store.queueDelivery(award: issued.award, to: Self.first, reason: .firstRecipient))
        let entry = try #require(try await store.dueMessages(now: Self.start, limit: 1).first)
        try await store.settle(entry, .accepted(answer: "stored"))
        let before = try await store.outbox(award: nil)

        // Queueing the notice fails: the erasure must not happen without it.
        try await issued.test.tamper(
            """
            CREATE TRIGGER refuse_notices BEFORE INSERT ON personal_outbox WHEN NEW.kind = 'erase'
            BEGIN SELECT RAISE(ABORT, 'no room for the notice'); END
            """
        )
        await #expect(throws: StoreError.self) { _ = try await store.erase(.award(issued.award)) }
        #expect(try await store.personalPart(award: issued.award) == issued.part)
        #expect(try await store.erasures().isEmpty)
        #expect(try await store.outbox(award: nil) == before)

        try await issued.test.tamper("DROP TRIGGER refuse_notices")
        #expect(try await store.erase(.award(issued.award)) == [issued.award])
        #expect(try await store.erasures().map(\.award) == [issued.award])
        #expect(try await Self.entry(.erase, Self.first, in: store)?.state == .pending)
    }

    @Test func theOutboxSurvivesReopeningTheFile() async throws {
        let directory: TemporaryDirectory
        let url: URL
        let award: RecordID
        let expected: [OutboxEntry]
        do {
            let issued = try await Issued(.onDisk)
            directory = issued.test.directory
            url = issued.test.databaseURL
            award = issued.award
            let store = issued.store
            for recipient in [Self.first, Self.second] {
                #expect(try await store.queueDelivery(award: award, to: recipient, reason: .firstRecipient))
            }
            let due = try await store.dueMessages(now: Self.start, limit: 10)
            try await store.settle(try #require(due.first { $0.recipient == Self.first }), .accepted(answer: "stored"))
            let failed = try #require(due.first { $0.recipient == Self.second })
            try await store.settle(failed, .failed("timed out", retryAt: Self.start.addingTimeInterval(30)))
            #expect(try await store.erase(.award(award)) == [award])
            expected = try await store.outbox(award: nil)
            #expect(expected.count == 4)
        }
        defer { directory.remove() }

        let reopened = try SQLiteRecordStore(at: url)
        #expect(try await reopened.outbox(award: nil) == expected)
        let due = try await reopened.dueMessages(now: Self.start, limit: 10)
        #expect(due.map(\.kind) == [.erase, .erase])
        #expect(Set(due.map(\.recipient)) == [Self.first, Self.second])
        #expect(try await reopened.erasures().map(\.award) == [award])
    }

    // MARK: receiving a part

    @Test(arguments: Backend.allCases)
    func aDeliveredPartNeedsItsAwardItsIssuerAndItsCommitment(backend: Backend) async throws {
        let receipt = try await Receipt(backend, delivered: false)
        defer { receipt.remove() }
        let (issued, store) = (receipt.issued, receipt.store)
        let grant = try issued.message(.grant)

        // The award is not held yet.
        await expectStoreError(.notFound) { try await store.storeDelivered(issued.part, grant: grant) }
        #expect(try await store.personalPart(award: issued.award) == nil)

        try await store.append(issued.records)
        // A part that is not the award's.
        let impostor = try RecordFactory.personalPart(fullName: "Aoife Byrne", saltByte: 99)
        await expectStoreError(.commitmentMismatch) { try await store.storeDelivered(impostor, grant: grant) }
        // A grant naming another commitment than the part's.
        let otherCommitment = try issued.message(.grant, commitment: try impostor.commitment())
        await expectStoreError(.commitmentMismatch) {
            try await store.storeDelivered(issued.part, grant: otherCommitment)
        }
        // A grant from a node that did not issue the award.
        let stranger = try issued.message(.grant, by: try TestIssuer(seed: 2))
        await expectStoreError(.wrongKey) { try await store.storeDelivered(issued.part, grant: stranger) }
        #expect(try await store.personalPart(award: issued.award) == nil)
        #expect(try await Self.grantBytes(issued.award, in: store) == nil)

        try await store.storeDelivered(issued.part, grant: grant)
        #expect(try await store.personalPart(award: issued.award) == issued.part)
        #expect(try await Self.grantBytes(issued.award, in: store) == grant.canonicalBytes())
        let kept = try PersonalMessage(canonicalBytes: try #require(try await Self.grantBytes(issued.award, in: store)))
        #expect(kept == grant && kept.hasValidSignature)
        #expect(try await store.check().isClean)
    }

    // MARK: erasure notices

    @Test(arguments: Backend.allCases)
    func aNoticeErasesThePartForGood(backend: Backend) async throws {
        let receipt = try await Receipt(backend)
        defer { receipt.remove() }
        let (issued, store) = (receipt.issued, receipt.store)

        #expect(try await store.apply(notice: try issued.message(.erasure)) == .erased)
        #expect(try await store.personalPart(award: issued.award) == nil)
        #expect(try await Self.grantBytes(issued.award, in: store) == nil)
        let tombstones = try await store.erasures()
        #expect(tombstones.map(\.award) == [issued.award])
        #expect(try tombstones.first?.commitment == issued.part.commitment().rawValue)

        await expectStoreError(.erased) {
            try await store.storeDelivered(issued.part, grant: try issued.message(.grant))
        }
        #expect(try await store.personalPart(award: issued.award) == nil)

        // A repeated notice is answered the same and logged again.
        #expect(try await store.apply(notice: try issued.message(.erasure)) == .erased)
        let log = try await store.receivedNotices()
        #expect(log.count == 2)
        #expect(log.allSatisfy { $0.award == issued.award && $0.issuer == issued.issuer.nodeID })
        #expect(log.allSatisfy { $0.outcome == "erased" && $0.reason == nil && !$0.receivedAt.isEmpty })
        #expect(try await store.check().isClean)
    }

    @Test(arguments: Backend.allCases)
    func aNoticeUnderALegalHoldKeepsThePartUntilTheHoldIsReleased(backend: Backend) async throws {
        let receipt = try await Receipt(backend)
        defer { receipt.remove() }
        let (issued, store) = (receipt.issued, receipt.store)
        await expectStoreError(.invalidInput) { try await store.hold(award: issued.award, reason: "  ") }

        let reason = "Appeal 2026/17 before the examinations board"
        try await store.hold(award: issued.award, reason: reason)
        #expect(try await store.apply(notice: try issued.message(.erasure)) == .kept(reason: reason))
        #expect(try await store.personalPart(award: issued.award) == issued.part)
        #expect(try await store.erasures().isEmpty)
        let log = try await store.receivedNotices()
        #expect(log.map(\.outcome) == ["kept"] && log.map(\.reason) == [reason])
        #expect(log.first?.award == issued.award && log.first?.issuer == issued.issuer.nodeID)

        // Released: the kept notice takes effect.
        try await store.hold(award: issued.award, reason: nil)
        #expect(try await store.personalPart(award: issued.award) == nil)
        #expect(try await store.erasures().map(\.award) == [issued.award])
        await expectStoreError(.erased) {
            try await store.storeDelivered(issued.part, grant: try issued.message(.grant))
        }
    }

    @Test(arguments: Backend.allCases)
    func releasingAHoldWithoutANoticeKeepsThePart(backend: Backend) async throws {
        let receipt = try await Receipt(backend)
        defer { receipt.remove() }
        let (issued, store) = (receipt.issued, receipt.store)
        try await store.hold(award: issued.award, reason: "Audit")
        try await store.hold(award: issued.award, reason: nil)
        #expect(try await store.personalPart(award: issued.award) == issued.part)
        #expect(try await store.erasures().isEmpty)
        // Without the hold, a notice erases at once.
        #expect(try await store.apply(notice: try issued.message(.erasure)) == .erased)
        #expect(try await store.personalPart(award: issued.award) == nil)
    }

    @Test(arguments: Backend.allCases)
    func aNoticeFromANodeThatDidNotIssueTheAwardIsRefused(backend: Backend) async throws {
        let receipt = try await Receipt(backend)
        defer { receipt.remove() }
        let (issued, store) = (receipt.issued, receipt.store)

        let forged = try issued.message(.erasure, by: try TestIssuer(seed: 2))
        await expectStoreError(.wrongKey) { try await store.apply(notice: forged) }
        #expect(try await store.personalPart(award: issued.award) == issued.part)
        #expect(try await store.erasures().isEmpty)
        #expect(try await store.receivedNotices().isEmpty)
    }

    /// A notice may arrive before the award: it must not let another node block the award's part.
    @Test(arguments: Backend.allCases)
    func aNoticeForAnAwardNotHeldYetFromAnotherNodeLeavesNoTombstone(backend: Backend) async throws {
        let receipt = try await Receipt(backend, delivered: false)
        defer { receipt.remove() }
        let (issued, store) = (receipt.issued, receipt.store)
        let forged = try issued.message(.erasure, by: try TestIssuer(seed: 2))
        _ = try? await store.apply(notice: forged)
        #expect(try await store.erasures().isEmpty)

        try await store.append(issued.records)
        try await store.storeDelivered(issued.part, grant: try issued.message(.grant))
        #expect(try await store.personalPart(award: issued.award) == issued.part)
    }
}
