import CredexAPI
import CredexAccess
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Sending requests to the web pages as a browser would: with the session cookie, forms and an
/// `Accept-Language`; and checking what every page must have.
extension APIHarness {
    /// A page's answer: status, the headers a test looks at, and the HTML.
    struct PageAnswer {
        let status: Int
        let headers: HTTPFields
        let text: String
        var location: String? { headers[.location] }
    }

    /// Sends `method path` to the pages (and the API beside them) with `cookie` and `headers`.
    func page(
        _ method: HTTPRequest.Method,
        _ path: String,
        cookie: String? = nil,
        headers: HTTPFields = [:],
        body: [UInt8]? = nil
    ) async throws -> PageAnswer {
        var headers = headers
        if let cookie { headers[.cookie] = cookie }
        let sent = headers
        let router = Router(context: APIContext.self)
        api.add(to: router)
        try WebPages(api: api).add(to: router)
        let app = Application(router: router)
        return try await app.test(.router) { client in
            try await client.execute(uri: path, method: method, headers: sent, body: body.map { ByteBuffer(bytes: $0) })
            {
                PageAnswer(status: Int($0.status.code), headers: $0.headers, text: String(buffer: $0.body))
            }
        }
    }

    /// Posts a urlencoded form.
    func form(_ path: String, _ fields: [(String, String)], cookie: String?) async throws -> PageAnswer {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        return try await page(
            .post,
            path,
            cookie: cookie,
            headers: [.contentType: "application/x-www-form-urlencoded"],
            body: Array(body.utf8)
        )
    }

    /// Signs in through the sign-in form with `role`'s token: the `Cookie` header value and the
    /// session's CSRF token.
    func signIn(as role: Role = .officer) async throws -> (cookie: String, csrf: String) {
        let answer = try await form("/sign-in", [("token", tokens[role]!)], cookie: nil)
        let setCookie = try #require(answer.headers[.setCookie], "\(answer.status) \(answer.text)")
        let cookie = String(setCookie.prefix { $0 != ";" })
        let session = try #require(try await access.session(cookieHeader: cookie))
        return (cookie, session.csrfToken)
    }
}

/// What every page must have: `lang` on `html`, exactly one `h1`, headings that never skip a
/// level, a skip link, a label for every visible control, `scope` on every table header.
enum PageCheck {
    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .dotMatchesLineSeparators])
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).map { match in
            (0..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }

    static func expectAccessible(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            !matches(#"<html lang="[a-z]{2}">"#, in: html).isEmpty,
            "the page names its language",
            sourceLocation: sourceLocation
        )
        #expect(matches(#"<h1[ >]"#, in: html).count == 1, "exactly one h1", sourceLocation: sourceLocation)
        #expect(!html.contains("SQL(elements:"), "a value rendered as text", sourceLocation: sourceLocation)
        #expect(html.contains(##"href="#main""##) && html.contains(#"id="main""#), sourceLocation: sourceLocation)
        var level = 0
        for heading in matches(#"<h([1-6])[ >]"#, in: html) {
            let next = Int(heading[1])!
            #expect(next <= level + 1, "h\(next) after h\(level)", sourceLocation: sourceLocation)
            level = next
        }
        let labels = Set(matches(#"<label for="([^"]+)""#, in: html).map { $0[1] })
        for control in matches(#"<(input|select|textarea)\b([^>]*)>"#, in: html) {
            let attributes = control[2]
            if attributes.contains(#"type="hidden""#) { continue }
            let id = matches(#"\bid="([^"]+)""#, in: attributes).first?[1]
            #expect(
                id.map(labels.contains) == true,
                "no label for <\(control[1])\(attributes)>",
                sourceLocation: sourceLocation
            )
        }
        for header in matches(#"<th\b([^>]*)>"#, in: html) {
            #expect(header[1].contains("scope="), "a th without scope", sourceLocation: sourceLocation)
        }
    }
}
