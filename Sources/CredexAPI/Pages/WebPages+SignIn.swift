import CredexAccess
import Hummingbird

/// `GET/POST /sign-in` exchanges a token (from `credex token create`) for a session and goes on
/// to the search; `POST /sign-out` ends it.
extension WebPages {
    func addSignInPages(to group: RouterGroup<APIContext>) {
        group.get("sign-in") { request, context -> Response in
            if context.principal != nil { return PageRenderer.redirect(to: "/search") }
            return signInPage(request, context, error: nil)
        }
        group.post("sign-in") { request, context -> Response in
            var request = request
            let body = try await request.collectBody(upTo: Self.maxFormBytes)
            let form = FormFields(urlEncoded: Array(body.readableBytesView))
            guard let token = form["token"], let ticket = try await api.access.startSession(token: token) else {
                let words = renderer.strings.table(for: PageFrame(request, context).language)
                return signInPage(request, context, error: words["sign_in_failed"] ?? "")
            }
            return PageRenderer.redirect(to: "/search", setCookie: ticket.setCookie)
        }
        group.post("sign-out") { request, _ -> Response in
            _ = try await checkedForm(request)
            try await api.access.endSession(cookieHeader: request.headers[.cookie])
            return PageRenderer.redirect(to: "/sign-in", setCookie: SessionCookie.clearing)
        }
    }

    private func signInPage(_ request: Request, _ context: APIContext, error: String?) -> Response {
        var frame = PageFrame(request, context)
        frame.userName = nil
        let words = renderer.strings.table(for: frame.language)
        return renderer.page(
            "sign-in",
            title: words["sign_in_title"] ?? "",
            error.map { ["error": $0] } ?? [:],
            frame: frame,
            status: error == nil ? .ok : .unauthorized
        )
    }
}
