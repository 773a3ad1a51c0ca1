import CredexCore
import CredexJSON
import CredexStore
import CredexTesting
import Testing

/// What a newer node signed correctly is stored and served as it is, flagged for officers,
/// never refused: one node's older code must not split the federation.
@Suite struct NotUnderstoodTests {
    @Test(arguments: Backend.allCases)
    func unknownKindsNewerBodiesAndSchemaFailuresAreStoredAndFlagged(backend: Backend) async throws {
        let test = try TestStore(backend)
        defer { test.directory.remove() }
        var issuer = try TestIssuer(seed: 1)
        let records = [
            try issuer.next(kind: .spec, body: RecordFactory.specBody()),
            try issuer.next(kind: RecordKind(rawValue: "diploma"), body: ["type": "credex.diploma/1", "note": "new"]),
            try issuer.next(kind: .spec, body: ["type": "credex.spec/2", "title": ["en": "Newer format"]]),
            try issuer.next(kind: .spec, body: ["type": "credex.spec/1", "title": ["en": "No workload"]]),
        ]
        #expect(try await test.store.append(records).appended.count == 4)

        let stored = try await test.store.log(issuer: issuer.nodeID, afterSeq: 0, limit: 10)
        #expect(stored.map(\.record) == records)
        #expect(stored[0].flags.isEmpty)
        for entry in stored.dropFirst() {
            #expect(entry.flags.map(\.code) == ["body-not-understood"], "\(entry.record.kind) #\(entry.record.seq)")
        }
        #expect(stored[1].flags.first?.detail.contains("unknown kind") == true)
        #expect(stored[2].flags.first?.detail.contains("newer") == true)
        // Served as the same canonical bytes, so the next node verifies them too.
        #expect(
            try stored.map { try Record(canonicalBytes: $0.record.canonicalBytes).verified().record.id }
                == records.map(\.id)
        )
        #expect(try await test.store.check().isClean)
    }
}
