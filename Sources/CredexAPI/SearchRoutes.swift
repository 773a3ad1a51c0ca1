import CredexCore
import CredexStore
import Hummingbird

/// `GET /api/v1/specs`: specs by full text (every language) and by issuer, awarding bodies'
/// country, credential type, level (an EQF level matches every national level the crosswalks put
/// there) and ECTS range. `GET /api/v1/awards`: the awards of a spec or an issuer.
extension OfficerAPI {
    /// Items per answer, at most.
    static let pageSizes = 1...100

    func addSearchRoutes(to group: RouterGroup<APIContext>) {
        group.get("specs") { request, _ -> Response in
            let search = try specQuery(QueryParameters(request))
            return try json(Page(items: try await specSummaries(search), limit: search.limit, offset: search.offset))
        }
        group.get("awards") { request, _ -> Response in
            let query = QueryParameters(request)
            var search = try searchQuery(query, kind: .award)
            search.spec = try query.recordID("spec")
            guard search.spec != nil || search.issuer != nil else {
                throw Problem.badRequest("give spec or issuer: awards are listed per spec or per issuer")
            }
            var items: [AwardSummary] = []
            for stored in try await store.search(search) {
                if let summary = try await awardSummary(stored) { items.append(summary) }
            }
            return try json(Page(items: items, limit: search.limit, offset: search.offset))
        }
    }

    /// The spec search the parameters of `GET /api/v1/specs` (or the search page's form) ask for.
    func specQuery(_ query: QueryParameters) throws -> RecordQuery {
        var search = try searchQuery(query, kind: .spec)
        search.text = query.string("q")
        search.countries = try query.list("country").map { text in
            guard let code = try? CountryCode(validating: text.uppercased()) else {
                throw Problem.badRequest(
                    "country must be ISO 3166-1 alpha-2 codes such as IE, not \"\(text.prefix(20))\""
                )
            }
            return code
        }
        search.credentialTypes = query.list("type")
        search.levels = try levels(query)
        let low = try query.number("minEcts")
        let high = try query.number("maxEcts")
        if low != nil || high != nil {
            guard (low ?? 0) <= (high ?? .greatestFiniteMagnitude) else {
                throw Problem.badRequest("minEcts must not be above maxEcts")
            }
            search.ects = (low ?? 0)...(high ?? .greatestFiniteMagnitude)
        }
        return search
    }

    /// The specs `search` finds, summarised.
    func specSummaries(_ search: RecordQuery) async throws -> [SpecSummary] {
        var items: [SpecSummary] = []
        for stored in try await store.search(search) {
            if let summary = try await specSummary(stored) { items.append(summary) }
        }
        return items
    }

    /// The parameters every search takes: issuer, limit, offset.
    private func searchQuery(_ query: QueryParameters, kind: RecordKind) throws -> RecordQuery {
        RecordQuery(
            kind: kind,
            issuer: try query.value("issuer", "a node id (did:web:… or urn:…)") { try NodeID(validating: $0) },
            limit: try query.integer("limit", in: Self.pageSizes, default: 20),
            offset: try query.integer("offset", in: 0...100_000, default: 0)
        )
    }

    /// `level=FRAMEWORK:LEVEL` as given, and `eqf=N` as EQF N and every national level at N.
    private func levels(_ query: QueryParameters) throws -> [Level] {
        var levels = try query.list("level").map { text in
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw Problem.badRequest("level must be FRAMEWORK:LEVEL, e.g. NFQ-IE:9") }
            return Level(framework: parts[0], level: parts[1])
        }
        for text in query.list("eqf") {
            guard let eqf = Int(text), (1...8).contains(eqf) else {
                throw Problem.badRequest("eqf must be a level from 1 to 8, not \"\(text.prefix(20))\"")
            }
            levels.append(Level(framework: "EQF", level: "\(eqf)"))
            for framework in crosswalks.frameworks {
                for match in crosswalks.national(framework: framework.id, forEQF: "\(eqf)") {
                    for name in [framework.id] + (framework.aliases ?? []) {
                        levels.append(Level(framework: name, level: match.level))
                    }
                }
            }
        }
        return levels
    }
}

/// One page of a search.
struct Page<Item: Codable & Sendable>: Codable, Sendable {
    var items: [Item]
    var limit: Int
    var offset: Int
}
