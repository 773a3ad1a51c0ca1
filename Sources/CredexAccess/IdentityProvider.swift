import Foundation

/// A seam for single sign-on (SAML 2.0 through eduGAIN, or OpenID Connect): not implemented yet.
///
/// An identity provider turns a browser round trip into an `ExternalIdentity`. The node then maps
/// it to one of its own tokens' records (an admin binds `issuer` + `subject` to a token id, so
/// roles, revocation and the audit log stay as they are) and starts an ordinary session for that
/// token. Nothing else in this module changes: a session from SSO is a session.
///
/// Implementations must check the assertion's signature, audience, time window and the
/// `state`/`nonce` they issued, and must not put the person's attributes in logs or the audit log.
public protocol IdentityProvider: Sendable {
    /// A stable id for the provider (`saml:https://idp.example.edu`, `oidc:https://login.example.edu`).
    var id: String { get }

    /// Where to send the browser to sign in, and the state to keep (in a short-lived cookie)
    /// until the provider sends it back.
    func beginSignIn(returnTo: URL) async throws -> (redirect: URL, state: String)

    /// Checks the provider's answer (SAML `POST` fields, or OIDC query parameters) against the
    /// kept state; nil when it does not prove an identity.
    func completeSignIn(response: [String: String], state: String) async throws -> ExternalIdentity?
}

/// Who a provider says signed in.
public struct ExternalIdentity: Sendable, Hashable {
    /// The provider's id (`IdentityProvider.id`).
    public let issuer: String
    /// The provider's stable, opaque id for the person (SAML `persistent` NameID, OIDC `sub`).
    public let subject: String

    public init(issuer: String, subject: String) {
        self.issuer = issuer
        self.subject = subject
    }
}
