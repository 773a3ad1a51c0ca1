import CredexAccess
import Foundation
import Hummingbird

/// The officers' web pages on the API port, rendered on the server from the same functions as the
/// JSON API (`OfficerAPI`): sign-in, search, a credential with its checks and recognition report,
/// uploading a document to verify, saved reports and their decisions, the federation.
///
/// No script: every control is a native link, button or form, so the pages work from the keyboard
/// and under `Content-Security-Policy: default-src 'self'`. Every page but sign-in needs the
/// session cookie; every form that changes something carries the session's CSRF token in a hidden
/// field `csrf`, checked with `ActiveSession.checkCSRF`.
///
///     WebPages(api: api).add(to: router)
public struct WebPages: Sendable {
    let api: OfficerAPI
    let renderer: PageRenderer

    /// Paths served without a session.
    static let open: Set<String> = ["/sign-in", "/static/credex.css"]
    /// The largest urlencoded form accepted.
    static let maxFormBytes = 64 << 10

    /// Pages over `api`'s store, trust list, crosswalks and sign-in.
    /// - Throws: when the module's templates or strings cannot be read.
    public init(api: OfficerAPI) throws {
        self.api = api
        renderer = try Self.loaded.get()
    }

    /// The templates and strings, read once per process.
    private static let loaded = Result { try PageRenderer.load() }

    /// Adds every page, behind `PageMiddleware`.
    public func add(to router: Router<APIContext>) {
        let group = router.group().add(middleware: PageMiddleware(access: api.access, renderer: renderer))
        group.get("/") { _, context -> Response in
            PageRenderer.redirect(to: context.principal == nil ? "/sign-in" : "/search")
        }
        group.get("static/credex.css") { _, _ -> Response in
            var headers = PageRenderer.securityHeaders
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: PageStyle.css)))
        }
        addSignInPages(to: group)
        addSearchPages(to: group)
        addCredentialPages(to: group)
        addVerifyPages(to: group)
        addReportPages(to: group)
        addFederationPages(to: group)
        // Any other page is the friendly 404, not a bare one.
        group.get("**") { _, _ -> Response in throw Problem.notFound("there is no page here") }
    }

    /// The fields of a urlencoded form, its CSRF field checked against the request's session.
    /// - Throws: a 403 problem when the session is gone or the token is missing or wrong.
    func checkedForm(_ request: Request) async throws -> FormFields {
        var request = request
        let body = try await request.collectBody(upTo: Self.maxFormBytes)
        let form = FormFields(urlEncoded: Array(body.readableBytesView))
        try await checkCSRF(form["csrf"], request)
        return form
    }

    /// Checks a form's `csrf` field against the session the request's cookie carries.
    func checkCSRF(_ presented: String?, _ request: Request) async throws {
        guard let session = try await api.access.session(cookieHeader: request.headers[.cookie]),
            session.checkCSRF(presented)
        else {
            throw Problem(.forbidden, "csrf", "the form's security token is missing or out of date: reload the page")
        }
    }
}

/// Signs in every page by the session cookie (redirecting to sign-in without one), and turns every
/// error into the friendly error page: a problem's detail as it is, anything else a bare 500 whose
/// cause goes to the node's log only.
struct PageMiddleware: RouterMiddleware {
    typealias Context = APIContext

    let access: AccessControl
    let renderer: PageRenderer

    func handle(
        _ request: Request,
        context: APIContext,
        next: (Request, APIContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        do {
            if let session = try await access.session(cookieHeader: request.headers[.cookie]) {
                context.principal = session.principal
                context.csrfToken = session.csrfToken
                context.logger[metadataKey: "user.token"] = "\(session.principal.tokenID)"
            } else if !WebPages.open.contains(request.uri.path), request.uri.path != "/" {
                return PageRenderer.redirect(to: "/sign-in")
            }
            return try await next(request, context)
        } catch let problem as Problem {
            return errorPage(problem.status, problem.detail, request, context)
        } catch let error as HTTPError {
            return errorPage(error.status.code, error.body ?? error.status.reasonPhrase, request, context)
        } catch {
            context.logger.error("page request failed", metadata: ["error": "\(error)"])
            return errorPage(500, nil, request, context)
        }
    }

    private func errorPage(_ code: Int, _ detail: String?, _ request: Request, _ context: APIContext) -> Response {
        let frame = PageFrame(request, context)
        let words = renderer.strings.table(for: frame.language)
        let status = HTTPResponse.Status(code: code)
        let heading = words["error_\(code)"] ?? words["error_title"] ?? status.reasonPhrase
        return renderer.page(
            "error",
            title: heading,
            [
                "heading": heading,
                "detail": detail ?? words["error_internal"] ?? "",
                "status": code,
                "signedIn": frame.userName != nil,
            ],
            frame: frame,
            status: status
        )
    }
}
