import Foundation
import Testing

@testable import CredexAccess

@Suite("Sessions")
struct SessionTests {
    private static let policy = AccessControl.SessionPolicy(idleTimeout: 600, absoluteTimeout: 3600)

    @Test(
        "a token starts a session; its cookie finds it with the principal and CSRF token",
        arguments: Backend.allCases
    )
    func start(_ backend: Backend) async throws {
        let fixture = try AccessFixture(backend, policy: Self.policy)
        defer { fixture.remove() }
        let issued = try await fixture.access.createToken(name: "Ana", role: .officer)
        #expect(try await fixture.access.startSession(token: "credex_" + String(repeating: "A", count: 43)) == nil)
        let ticket = try #require(try await fixture.access.startSession(token: issued.secret))
        #expect(ticket.principal.tokenID == issued.record.id && ticket.principal.method == .session)
        #expect(
            ticket.setCookie
                == "__Host-credex-session=\(ticket.sessionID); Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Strict"
        )
        #expect(
            SessionCookie.clearing == "__Host-credex-session=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict"
        )

        let session = try #require(
            try await fixture.access.session(
                cookieHeader: "theme=dark; \(SessionCookie.name)=\(ticket.sessionID); lang=ca"
            )
        )
        #expect(session.principal == ticket.principal && session.csrfToken == ticket.csrfToken)
        #expect(session.checkCSRF(ticket.csrfToken))
        #expect(try await fixture.access.session(cookieHeader: "theme=dark") == nil)
        #expect(try await fixture.access.session(cookieHeader: nil) == nil)
        #expect(try await fixture.access.session(id: String(repeating: "A", count: 43)) == nil)
        #expect(try await fixture.access.session(id: issued.secret) == nil, "a token is not a session id")

        let second = try #require(try await fixture.access.startSession(token: issued.secret))
        #expect(second.sessionID != ticket.sessionID && second.csrfToken != ticket.csrfToken)
    }

    @Test("a CSRF token from another session, altered, or absent is refused")
    func csrfMismatch() async throws {
        let fixture = try AccessFixture(.memory, policy: Self.policy)
        defer { fixture.remove() }
        let issued = try await fixture.access.createToken(name: "Ana", role: .officer)
        let one = try #require(try await fixture.access.startSession(token: issued.secret))
        let two = try #require(try await fixture.access.startSession(token: issued.secret))
        let session = try #require(try await fixture.access.session(id: one.sessionID))
        #expect(session.checkCSRF(one.csrfToken))
        #expect(!session.checkCSRF(two.csrfToken))
        #expect(!session.checkCSRF(nil) && !session.checkCSRF("") && !session.checkCSRF(one.csrfToken + "x"))
        #expect(!session.checkCSRF(String(one.csrfToken.dropLast()) + (one.csrfToken.last == "A" ? "B" : "A")))
        #expect(!session.checkCSRF(one.sessionID), "the session id is not its CSRF token")
    }

    @Test("idle expiry: use keeps a session alive; idleness ends it", arguments: Backend.allCases)
    func idleExpiry(_ backend: Backend) async throws {
        let fixture = try AccessFixture(backend, policy: Self.policy)
        defer { fixture.remove() }
        let issued = try await fixture.access.createToken(name: "Ana", role: .officer)
        let ticket = try #require(try await fixture.access.startSession(token: issued.secret))
        for _ in 0..<3 {
            fixture.clock.advance(599)
            #expect(try await fixture.access.session(id: ticket.sessionID) != nil)
        }
        // Uses closer together than a minute are recorded once a minute: the session stays alive.
        for _ in 0..<40 {
            fixture.clock.advance(30)
            #expect(try await fixture.access.session(id: ticket.sessionID) != nil)
        }
        let session = try #require(try await fixture.access.session(id: ticket.sessionID))
        #expect(session.idleExpiresAt > fixture.clock.now.addingTimeInterval(500))
        fixture.clock.advance(600)
        #expect(try await fixture.access.session(id: ticket.sessionID) == nil)
        // Gone for good, not only refused this once.
        fixture.clock.advance(-600)
        #expect(try await fixture.access.session(id: ticket.sessionID) == nil)
    }

    @Test(
        "absolute expiry ends even a busy session, and never after the token's own expiry",
        arguments: Backend.allCases
    )
    func absoluteExpiry(_ backend: Backend) async throws {
        let fixture = try AccessFixture(backend, policy: Self.policy)
        defer { fixture.remove() }
        let issued = try await fixture.access.createToken(name: "Ana", role: .officer)
        let ticket = try #require(try await fixture.access.startSession(token: issued.secret))
        for _ in 0..<11 {
            fixture.clock.advance(300)
            #expect(try await fixture.access.session(id: ticket.sessionID) != nil)
        }
        fixture.clock.advance(300)  // 3600 s since the start
        #expect(try await fixture.access.session(id: ticket.sessionID) == nil)

        let short = try await fixture.access.createToken(
            name: "Jan",
            role: .officer,
            expiresAt: fixture.clock.now.addingTimeInterval(100)
        )
        let capped = try #require(try await fixture.access.startSession(token: short.secret))
        #expect(capped.setCookie.contains("Max-Age=100;"))
        fixture.clock.advance(100)
        #expect(try await fixture.access.session(id: capped.sessionID) == nil)
    }

    @Test("revoking a token ends its sessions", arguments: Backend.allCases)
    func revocation(_ backend: Backend) async throws {
        let fixture = try AccessFixture(backend, policy: Self.policy)
        defer { fixture.remove() }
        let issued = try await fixture.access.createToken(name: "Ana", role: .officer)
        let other = try await fixture.access.createToken(name: "Jan", role: .officer)
        let ticket = try #require(try await fixture.access.startSession(token: issued.secret))
        let kept = try #require(try await fixture.access.startSession(token: other.secret))
        try await fixture.access.revokeToken(issued.record.id)
        #expect(try await fixture.access.session(id: ticket.sessionID) == nil)
        #expect(try await fixture.access.session(id: kept.sessionID) != nil)
        #expect(try await fixture.access.startSession(token: issued.secret) == nil)
    }

    @Test("sign-out ends the session and only it; expired sessions are swept", arguments: Backend.allCases)
    func signOut(_ backend: Backend) async throws {
        let fixture = try AccessFixture(backend, policy: Self.policy)
        defer { fixture.remove() }
        let issued = try await fixture.access.createToken(name: "Ana", role: .officer)
        let one = try #require(try await fixture.access.startSession(token: issued.secret))
        let two = try #require(try await fixture.access.startSession(token: issued.secret))
        #expect(try await fixture.access.endSession(cookieHeader: "\(SessionCookie.name)=\(one.sessionID)"))
        #expect(try await fixture.access.session(id: one.sessionID) == nil)
        #expect(try await !fixture.access.endSession(id: one.sessionID))
        #expect(try await fixture.access.session(id: two.sessionID) != nil)

        fixture.clock.advance(601)
        #expect(try await fixture.access.removeExpiredSessions() == 1)
        let actions = try await fixture.access.audit.entries().compactMap { $0.entry?.event.action.rawValue }
        #expect(actions == ["token.create", "session.start", "session.start", "session.end"])
    }
}
