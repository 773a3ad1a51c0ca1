import Foundation

/// A session just started: what the sign-in response must carry. Never log it.
public struct SessionTicket: Sendable {
    /// The cookie's value. Only its SHA-256 is stored.
    public let sessionID: String
    /// Put in every form as a hidden field (or send as `X-CSRF-Token`); `ActiveSession.checkCSRF`
    /// compares it. Derived from the session id, so it is never stored.
    public let csrfToken: String
    public let principal: Principal
    /// The absolute expiry.
    public let expiresAt: Date
    let startedAt: Date

    /// The `Set-Cookie` header value that hands the session to the browser.
    public var setCookie: String {
        SessionCookie.setCookie(
            sessionID: sessionID,
            maxAge: Int(expiresAt.timeIntervalSince(startedAt).rounded(.down))
        )
    }
}

/// A current session, as a request carrying its cookie finds it.
public struct ActiveSession: Sendable {
    public let principal: Principal
    /// The session's CSRF token, to put in the pages' forms.
    public let csrfToken: String
    /// The absolute expiry.
    public let expiresAt: Date
    /// When the session ends if unused from now on.
    public let idleExpiresAt: Date

    /// Whether a form's hidden field (or the `X-CSRF-Token` header) equals this session's CSRF
    /// token, compared in constant time. Check it on every request that changes anything.
    public func checkCSRF(_ presented: String?) -> Bool {
        guard let presented else { return false }
        return Secrets.constantTimeEqual(Array(presented.utf8), Array(csrfToken.utf8))
    }
}

/// The session cookie: its name, the exact `Set-Cookie` values, and reading it from `Cookie`.
///
/// The `__Host-` prefix makes browsers refuse the cookie unless it is `Secure`, has `Path=/` and
/// no `Domain`, so no sibling host or plain-http page can set or overwrite it.
public enum SessionCookie {
    public static let name = "__Host-credex-session"

    /// `__Host-credex-session=<id>; Path=/; Max-Age=<seconds>; Secure; HttpOnly; SameSite=Strict`
    public static func setCookie(sessionID: String, maxAge: Int) -> String {
        "\(name)=\(sessionID); Path=/; Max-Age=\(max(0, maxAge)); Secure; HttpOnly; SameSite=Strict"
    }

    /// The `Set-Cookie` value that signs out: the cookie emptied and expired at once.
    public static let clearing = "\(name)=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict"

    /// The session id in a `Cookie` header value (`a=1; __Host-credex-session=…`), if present.
    public static func sessionID(fromCookieHeader header: String?) -> String? {
        guard let header else { return nil }
        for pair in header.split(separator: ";") {
            let trimmed = pair.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == name else { continue }
            let value = String(trimmed[trimmed.index(after: equals)...])
            return value.isEmpty ? nil : value
        }
        return nil
    }
}
