import Foundation

/// Remembers the nonces of accepted requests until they expire, so none is accepted twice.
///
/// A nonce is unique per key id; entries may be purged once their signature has expired, since an
/// expired signature is refused anyway. `SQLiteNonceStore` in CredexStore keeps them across restarts.
public protocol NonceStore: Sendable {
    /// Records `nonce` for `keyID` until `expires`; false if it was already recorded.
    func remember(nonce: String, keyID: String, expires: Date) async throws -> Bool

    /// Forgets the entries that expired before `now`; returns how many were removed.
    func purge(expiredBefore now: Date) async throws -> Int
}

/// A `NonceStore` in memory: for tests and for nodes that accept losing replay protection on restart.
public actor InMemoryNonceStore: NonceStore {
    private struct Entry: Hashable {
        var keyID: String
        var nonce: String
    }

    private var expiries: [Entry: Date] = [:]

    public init() {}

    public func remember(nonce: String, keyID: String, expires: Date) -> Bool {
        let entry = Entry(keyID: keyID, nonce: nonce)
        guard expiries[entry] == nil else { return false }
        expiries[entry] = expires
        return true
    }

    public func purge(expiredBefore now: Date) -> Int {
        let before = expiries.count
        expiries = expiries.filter { $0.value >= now }
        return before - expiries.count
    }

    /// How many nonces are remembered.
    public var count: Int { expiries.count }
}
