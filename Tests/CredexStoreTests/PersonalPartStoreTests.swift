import CredexCore
import CredexJSON
import CredexStore
import CredexTesting
import Foundation
import Testing

/// Personal parts beside their awards: matching commitments, erasure and its tombstone.
@Suite struct PersonalPartStoreTests {
    static let erasableName = "Zyxwvut Quixotic-Erasable"

    /// A spec and an award for `part`, signed by one issuer.
    static func specAndAward(for part: PersonalPart, seed: UInt8 = 1) throws -> [Record] {
        var issuer = try TestIssuer(seed: seed)
        let spec = try issuer.next(kind: .spec, body: RecordFactory.specBody())
        let award = try issuer.next(
            kind: .award,
            body: RecordFactory.awardBody(spec: spec.id, learner: part.commitment())
        )
        return [spec, award]
    }

    static func batch(_ records: [Record], parts: [RecordID: PersonalPart]) throws -> AppendBatch {
        AppendBatch(records: try records.map { try $0.verified() }, personalParts: parts)
    }

    @Test(arguments: Backend.allCases)
    func awardIsStoredWithItsPersonalPart(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let part = try RecordFactory.personalPart(fullName: "Aoife Byrne")
        let records = try Self.specAndAward(for: part)
        let outcome = try await test.store.append(Self.batch(records, parts: [records[1].id: part]))
        #expect(outcome.appended == records.map(\.id))
        #expect(try await test.store.personalPart(award: records[1].id) == part)
        #expect(try await test.store.personalPart(award: records[0].id) == nil)
        let report = try await test.store.check()
        #expect(report.isClean, "\(report.problems)")
        #expect(report.personalPartsChecked == 1)
    }

    @Test(arguments: Backend.allCases)
    func mismatchedPersonalPartIsRefusedAndNothingStored(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let part = try RecordFactory.personalPart(fullName: "Aoife Byrne")
        let impostor = try RecordFactory.personalPart(fullName: "Aoife Byrne", saltByte: 8)
        let records = try Self.specAndAward(for: part)

        await expectStoreError(.commitmentMismatch) {
            _ = try await test.store.append(Self.batch(records, parts: [records[1].id: impostor]))
        }
        #expect(try await test.store.record(id: records[1].id) == nil)
        #expect(try await test.store.record(id: records[0].id) == nil)
        #expect(try await test.store.personalPart(award: records[1].id) == nil)
        #expect(try await test.store.heads().isEmpty)

        // A part for a record that is not an award is refused too.
        try await test.store.append(records)
        await expectStoreError(.commitmentMismatch) {
            _ = try await test.store.append(Self.batch([], parts: [records[0].id: part]))
        }
    }

    @Test(arguments: Backend.allCases)
    func aSchemeNarrowsErasureToIdentifiersOfThatScheme(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let part = try RecordFactory.personalPart(fullName: "S-7", studentID: "S-7")
        let records = try Self.specAndAward(for: part)
        _ = try await test.store.append(Self.batch(records, parts: [records[1].id: part]))

        #expect(try await test.store.erase(.learner("S-7", scheme: "national-id")).isEmpty)
        #expect(try await test.store.personalPart(award: records[1].id) == part)
        #expect(try await test.store.erase(.learner("S-7", scheme: "student-id")) == [records[1].id])
    }

    @Test(arguments: Backend.allCases)
    func eraseByLearnerIdentifierLeavesATombstone(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let part = try RecordFactory.personalPart(fullName: "Aoife Byrne", studentID: "S-20261122")
        let kept = try RecordFactory.personalPart(fullName: "Tane Ngata", studentID: "S-1")
        let records = try Self.specAndAward(for: part)
        let others = try Self.specAndAward(for: kept, seed: 2)
        _ = try await test.store.append(Self.batch(records + others, parts: [records[1].id: part, others[1].id: kept]))

        #expect(try await test.store.erase(.learner("S-20261122")) == [records[1].id])
        #expect(try await test.store.personalPart(award: records[1].id) == nil)
        #expect(try await test.store.personalPart(award: others[1].id) == kept)

        await expectStoreError(.erased) {
            _ = try await test.store.append(Self.batch(records, parts: [records[1].id: part]))
        }
        #expect(try await test.store.personalPart(award: records[1].id) == nil)
        #expect(try await test.store.erase(.learner("S-20261122")).isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func eraseByNameRemovesTheNameFromEveryFile(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let part = try RecordFactory.personalPart(fullName: Self.erasableName)
        let records = try Self.specAndAward(for: part)
        _ = try await test.store.append(Self.batch(records, parts: [records[1].id: part]))
        if backend == .onDisk {
            #expect(try Self.filesContaining(Self.erasableName, in: test.directory.url).count > 0)
        }

        #expect(try await test.store.erase(.learner(Self.erasableName)) == [records[1].id])
        #expect(try await test.store.personalPart(award: records[1].id) == nil)
        await expectStoreError(.erased) {
            _ = try await test.store.append(Self.batch([], parts: [records[1].id: part]))
        }
        if backend == .onDisk {
            #expect(try Self.filesContaining(Self.erasableName, in: test.directory.url) == [])
        }

        let report = try await test.store.check()
        #expect(report.isClean, "\(report.problems)")
        let award = try #require(try await test.store.record(id: records[1].id))
        #expect(try award.record.verified().record == records[1])
    }

    @Test(arguments: Backend.allCases)
    func eraseByGivenAndFamilyName(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        let details = try JSONValueDecoder().decode(
            LearnerDetails.self,
            from: ["names": ["given": "Ni\u{0301}amh", "family": "Byrne"]]
        )
        let part = try PersonalPart(details: details, salt: [UInt8](repeating: 1, count: 16))
        let records = try Self.specAndAward(for: part)
        _ = try await test.store.append(Self.batch(records, parts: [records[1].id: part]))
        #expect(try await test.store.erase(.learner("N\u{ED}amh Byrne")) == [records[1].id])
    }

    /// Names of the files below `directory` whose bytes contain the UTF-8 of `text`.
    static func filesContaining(_ text: String, in directory: URL) throws -> [String] {
        let needle = Data(text.utf8)
        let names = try FileManager.default.subpathsOfDirectory(atPath: directory.path)
        return try names.filter { name in
            let url = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { return false }
            return try Data(contentsOf: url).range(of: needle) != nil
        }
    }
}
