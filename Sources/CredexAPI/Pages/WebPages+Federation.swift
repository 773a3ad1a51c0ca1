import Hummingbird

/// `GET /federation`: the trust list in force and whether it is stale, the members and the peers.
extension WebPages {
    func addFederationPages(to group: RouterGroup<APIContext>) {
        group.get("federation") { request, context -> Response in
            let frame = PageFrame(request, context)
            let words = renderer.strings.table(for: frame.language)
            let view = await api.federationView()
            let list = view.trustList
            let data: [String: Any] = [
                "node": view.node,
                "federation": view.federation,
                "version": list.version,
                "contentId": list.contentId,
                "issuedAt": list.issuedAt,
                "nextUpdate": list.nextUpdate,
                "freshness": list.stale ? "fail" : "pass",
                "stale": list.stale ? "true" : "false",
                "freshnessSymbol": list.stale ? "✗" : "✓",
                "freshnessText": (list.stale ? words["trust_stale"] : words["trust_current"]) ?? "",
                "members": view.members.map { member -> [String: Any] in
                    [
                        "node": member.node,
                        "institutions": member.institutions.joined(separator: "; "),
                        "country": member.country,
                        "eea": (member.eea ? words["yes"] : words["no"]) ?? "",
                        "standing": member.standing,
                    ]
                },
                "peers": view.peers.map { peer -> [String: Any] in
                    [
                        "node": peer.node,
                        "standing": peer.standing,
                        "lag": peer.lag,
                        "lastError": peer.lastError ?? (words["none"] ?? ""),
                    ]
                },
                "hasPeers": !view.peers.isEmpty,
            ]
            return renderer.page("federation", title: words["federation_title"] ?? "", data, frame: frame)
        }
    }
}
