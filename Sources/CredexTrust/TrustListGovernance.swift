import CredexCore

/// The rule a new trust-list version must meet: signed by at least the threshold of the previous
/// version's admins, and, when the admins or the threshold change, by at least the new threshold
/// of the new admins too. A first version is signed by the threshold of its own admins.
public enum TrustListGovernance {
    /// Checks that `next` may follow `previous` (nil: `next` is the first version).
    /// - Throws: `TrustError` saying which rule fails.
    public static func check(_ next: TrustListVersion, follows previous: TrustListVersion?) throws {
        let content = next.content
        guard let previous else {
            guard next.version == 1 else {
                throw TrustError(.brokenChain, "version \(next.version) needs the versions before it")
            }
            try require(next, signedBy: content.admins, threshold: content.threshold, as: "its own admins")
            return
        }
        guard next.federation == previous.federation else {
            throw TrustError(
                .wrongFederation,
                "version \(next.version) is for \(next.federation), not \(previous.federation)"
            )
        }
        guard next.version == previous.version + 1 else {
            throw TrustError(
                next.version <= previous.version ? .rollback : .brokenChain,
                "version \(next.version) cannot follow version \(previous.version)"
            )
        }
        guard next.record.prev == previous.contentID else {
            throw TrustError(
                .brokenChain,
                "version \(next.version) does not name version \(previous.version) (\(previous.contentID)) as prev"
            )
        }
        try require(
            next,
            signedBy: previous.content.admins,
            threshold: previous.content.threshold,
            as: "version \(previous.version)'s admins"
        )
        let adminsChanged =
            Set(content.admins.map(\.keyId)) != Set(previous.content.admins.map(\.keyId))
            || content.threshold != previous.content.threshold
        if adminsChanged {
            try require(next, signedBy: content.admins, threshold: content.threshold, as: "its new admins")
        }
    }

    private static func require(
        _ version: TrustListVersion,
        signedBy admins: [TrustListContent.Admin],
        threshold: Int,
        as who: String
    ) throws {
        let count = version.signatureCount(by: admins)
        guard count >= threshold else {
            throw TrustError(
                .tooFewSignatures,
                "version \(version.version) is signed by \(count) of \(who), and needs \(threshold)"
            )
        }
    }
}
