import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// Renders the pages: a Mustache template from `Templates/` (HTML-escaped by default) inside the
/// layout, with the words of the reader's language, as an answer carrying the pages' security
/// headers.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let strings: PageStrings

    /// The templates and strings shipped as the module's resources.
    static func load() throws -> PageRenderer {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates") else {
            throw Problem(.internalServerError, "internal", "the pages' templates are missing")
        }
        var templates: [String: MustacheTemplate] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            templates[String(file.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
        }
        return PageRenderer(library: MustacheLibrary(templates: templates), strings: try PageStrings.load())
    }

    /// Headers on every page and redirect: a policy that allows only this origin's own resources
    /// (so no inline script can run), no content sniffing, no referrer leaving the node.
    static let securityHeaders: HTTPFields = [
        HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; form-action 'self'; frame-ancestors 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        .cacheControl: "private, no-store",
    ]

    /// `template` rendered with `data` inside the layout, for `frame`'s reader, with `status`.
    func page(
        _ template: String,
        title: String,
        _ data: [String: Any],
        frame: PageFrame,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let words = strings.table(for: frame.language)
        var data = data
        data["title"] = data["title"] ?? title
        data["t"] = words
        data["csrf"] = frame.csrfToken ?? ""
        data["lang"] = frame.language
        let content = library.render(Self.pruned(data), withTemplate: template) ?? ""
        let layout: [String: Any] = [
            "t": words,
            "lang": frame.language,
            "title": title,
            "content": content,
            "signedIn": frame.userName != nil,
            "userName": frame.userName ?? "",
            "csrf": frame.csrfToken ?? "",
        ]
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentLanguage] = frame.language
        return Response(
            status: status,
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: library.render(layout, withTemplate: "layout") ?? ""))
        )
    }

    /// `value` without its empty strings, in every dictionary and array of dictionaries: a
    /// Mustache section shows for any string, so an empty one must be absent to hide it.
    static func pruned(_ value: [String: Any]) -> [String: Any] {
        value.compactMapValues { member -> Any? in
            switch member {
            case let text as String: text.isEmpty ? nil : text
            case let object as [String: Any]: pruned(object)
            case let objects as [[String: Any]]: objects.map(pruned)
            default: member
            }
        }
    }

    /// A 303 to `location` (after a form, or to sign in), with the security headers.
    static func redirect(to location: String, setCookie: String? = nil) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        if let setCookie { headers[.setCookie] = setCookie }
        return Response(status: .seeOther, headers: headers)
    }
}

/// Who a page is for: their language, and when signed in their name and the session's CSRF token.
struct PageFrame: Sendable {
    var language: String
    var userName: String?
    var csrfToken: String?

    init(_ request: Request, _ context: APIContext) {
        language = PageStrings.language(acceptLanguage: request.headers[.acceptLanguage])
        userName = context.principal?.name
        csrfToken = context.csrfToken
    }
}
