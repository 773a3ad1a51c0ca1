import CredexCore
import CredexStore
import CredexTesting
import Foundation
import Testing

/// Searching specs by text and facets, and awards by spec, over the example specs.
@Suite struct SearchTests {
    /// A store holding four example specs (two issuers) and two awards of the first.
    static func filled(_ backend: Backend) async throws -> (TestStore, [String: RecordID]) {
        let test = try TestStore(backend)
        var first = try TestIssuer(seed: 1)
        var second = try TestIssuer(seed: 2)
        var ids: [String: RecordID] = [:]
        var records: [CredexCore.Record] = []
        for (name, issuer) in [
            ("spec-maynooth-brewing", 1), ("spec-hogent-sustainability", 1), ("spec-nzqa-4571-basic-construction", 2),
            ("spec-taltech-microdegree", 2),
        ] {
            let record: CredexCore.Record =
                issuer == 1
                ? try first.next(kind: .spec, body: try ExampleFiles.body(name))
                : try second.next(kind: .spec, body: try ExampleFiles.body(name))
            ids[name] = record.id
            records.append(record)
        }
        for learner in ["a", "b"] {
            let commitment = try Commitment(validating: String(repeating: learner, count: 64))
            let award = try first.next(
                kind: .award,
                body: RecordFactory.awardBody(spec: ids["spec-maynooth-brewing"]!, learner: commitment)
            )
            ids["award-\(learner)"] = award.id
            records.append(award)
        }
        try await test.store.append(records)
        return (test, ids)
    }

    static func found(_ store: SQLiteRecordStore, _ query: RecordQuery) async throws -> Set<RecordID> {
        Set(try await store.search(query).map(\.record.id))
    }

    @Test(arguments: Backend.allCases)
    func facetsFilterSpecs(backend: Backend) async throws {
        let (test, ids) = try await Self.filled(backend)
        defer { test.directory.remove() }
        let store = test.store
        let brewing = ids["spec-maynooth-brewing"]!
        let nzqa = ids["spec-nzqa-4571-basic-construction"]!
        #expect(try await Self.found(store, RecordQuery()).count == 4)
        #expect(try await Self.found(store, RecordQuery(countries: [try CountryCode(validating: "IE")])) == [brewing])
        #expect(try await Self.found(store, RecordQuery(levels: [Level(framework: "NFQ-IE", level: "9")])) == [brewing])
        #expect(
            try await Self.found(
                store,
                RecordQuery(levels: [Level(framework: "NFQ-IE", level: "9"), Level(framework: "NZQF", level: "3")])
            ) == [brewing, nzqa]
        )
        #expect(try await Self.found(store, RecordQuery(credentialTypes: ["micro-degree"])).count == 2)
        #expect(try await Self.found(store, RecordQuery(ects: 5...5)).contains(brewing))
        #expect(try await Self.found(store, RecordQuery(ects: 100...200)).isEmpty)
        let second = try TestIssuer(seed: 2).nodeID
        #expect(try await Self.found(store, RecordQuery(issuer: second)).count == 2)
        // Every condition must hold.
        #expect(
            try await Self.found(
                store,
                RecordQuery(issuer: second, countries: [try CountryCode(validating: "IE")])
            ).isEmpty
        )
        // Text and facets together, paged.
        #expect(try await Self.found(store, RecordQuery(text: "brewing", ects: 1...10)) == [brewing])
        let all = try await store.search(RecordQuery(limit: 2))
        let rest = try await store.search(RecordQuery(limit: 2, offset: 2))
        #expect(all.count == 2 && rest.count == 2 && Set(all.map(\.record.id)).isDisjoint(with: rest.map(\.record.id)))
    }

    @Test(arguments: Backend.allCases)
    func awardsOfASpec(backend: Backend) async throws {
        let (test, ids) = try await Self.filled(backend)
        defer { test.directory.remove() }
        let awards = try await Self.found(test.store, RecordQuery(kind: .award, spec: ids["spec-maynooth-brewing"]!))
        #expect(awards == [ids["award-a"]!, ids["award-b"]!])
        #expect(
            try await Self.found(test.store, RecordQuery(kind: .award, spec: ids["spec-taltech-microdegree"]!)).isEmpty
        )
    }

    @Test func aDatabaseFromBeforeFacetsIsIndexedWhenOpened() async throws {
        let (test, ids) = try await Self.filled(.onDisk)
        defer { test.directory.remove() }
        try await test.tamper("DROP TABLE record_facet")
        try await test.tamper("DELETE FROM grdb_migrations WHERE identifier = 'v6-record-facets'")
        try test.store.close()
        let reopened = try SQLiteRecordStore(at: test.databaseURL)
        #expect(
            try await Self.found(reopened, RecordQuery(countries: [try CountryCode(validating: "IE")]))
                == [ids["spec-maynooth-brewing"]!]
        )
        #expect(
            try await Self.found(reopened, RecordQuery(kind: .award, spec: ids["spec-maynooth-brewing"]!)).count == 2
        )
    }

    @Test func aFacetMatchBeyondTheBestRankedTextIsStillFound() async throws {
        let test = try TestStore(.inMemory)
        defer { test.directory.remove() }
        var issuer = try TestIssuer(seed: 7)
        var records: [CredexCore.Record] = []
        // The one spec in New Zealand ranks last for "brewing": its text is long.
        let filler = Array(repeating: "fermentation yeast malt hops", count: 40).joined(separator: " ")
        guard case .object(var far) = RecordFactory.specBody(title: ["en": "Brewing \(filler)"]) else { return }
        far["awardingBodies"] = [["id": "https://example.org/nz", "name": ["en": "Te Kura"], "country": "NZ"]]
        records.append(try issuer.next(kind: .spec, body: .object(far)))
        for index in 0..<400 {
            records.append(
                try issuer.next(kind: .spec, body: RecordFactory.specBody(title: ["en": "Brewing \(index)"]))
            )
        }
        try await test.store.append(records)
        let nz = try CountryCode(validating: "NZ")
        let found = try await test.store.search(RecordQuery(text: "brewing", countries: [nz], limit: 5))
        #expect(found.map(\.record.id) == [records[0].id])
        #expect(try await test.store.search(RecordQuery(text: "brewing", limit: 500)).count == 401)
    }
}
