import CredexAccess
import CredexCore
import Foundation
import HTTPTypes
import Testing

@testable import CredexAPI

/// Uploading a document to verify through the page, and the multipart reader against hostile input.
@Suite struct PagesUploadTests {
    static let boundary = "----credex-test-7d3"

    /// A multipart body with the CSRF field and `file` (nil: no file part).
    static func body(csrf: String, file: [UInt8]?, filename: String = "record.json") -> [UInt8] {
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n".utf8)
        if let file {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"document\"; filename=\"\(filename)\"\r\n".utf8
            )
            body += Array("Content-Type: application/json\r\n\r\n".utf8) + file + Array("\r\n".utf8)
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }

    static let multipart: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]

    @Test("a tampered record shows its failing check and reason; the untouched one passes its signature")
    func tampered() async throws {
        let harness = try await APIHarness.make()
        let (cookie, csrf) = try await harness.signIn()
        let stored = try #require(try await harness.store.record(id: harness.ids["spec-maynooth-brewing"]!))
        let original = stored.record.canonicalBytes
        let good = try await harness.page(
            .post,
            "/verify",
            cookie: cookie,
            headers: Self.multipart,
            body: Self.body(csrf: csrf, file: original)
        )
        #expect(good.status == 200, "\(good.text)")
        #expect(good.text.contains(#"data-outcome="pass" data-check="record.signature""#), "\(good.text)")
        PageCheck.expectAccessible(good.text)
        var text = String(decoding: original, as: UTF8.self)
        text = text.replacingOccurrences(of: "Brewing", with: "Brewinq")
        #expect(text.utf8.count == original.count)
        let tampered = Array(text.utf8)
        let expected = try await harness.api.verification(ofDocument: tampered)
        let failing = try #require(expected.checks.first { $0.outcome == .fail })
        let answer = try await harness.page(
            .post,
            "/verify",
            cookie: cookie,
            headers: Self.multipart,
            body: Self.body(csrf: csrf, file: tampered)
        )
        #expect(answer.status == 200, "\(answer.text)")
        #expect(answer.text.contains(#"data-outcome="fail" data-check="\#(failing.id)""#), "\(answer.text)")
        #expect(answer.text.contains(Self.escaped(failing.reason)), "\(failing.reason)")
        #expect(answer.text.contains(#"id="overall-outcome" data-overall-outcome="fail""#))
        let page = try await harness.page(.get, "/verify", cookie: cookie)
        #expect(page.text.contains(#"enctype="multipart/form-data""#) && page.text.contains(#"type="file""#))
        PageCheck.expectAccessible(page.text)
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    @Test("hostile uploads get a clear error page, never a 500")
    func hostile() async throws {
        let harness = try await APIHarness.make()
        let (cookie, csrf) = try await harness.signIn()
        let file = Array(#"{"a":1}"#.utf8)
        let whole = Self.body(csrf: csrf, file: file)
        let cases: [(String, HTTPFields, [UInt8], Int, String)] = [
            ("no boundary", [.contentType: "multipart/form-data"], whole, 400, "names no boundary"),
            ("not multipart", [.contentType: "application/json"], file, 400, "multipart/form-data"),
            ("bad boundary", [.contentType: "multipart/form-data; boundary=\"\""], whole, 400, "boundary is malformed"),
            ("truncated", Self.multipart, Array(whole.prefix(whole.count - 30)), 400, "ends before its closing"),
            ("no delimiter", Self.multipart, Array("hello".utf8), 400, "does not contain its boundary"),
            ("no file", Self.multipart, Self.body(csrf: csrf, file: nil), 400, "Choose a file"),
            ("no filename", Self.multipart, Self.body(csrf: csrf, file: file, filename: ""), 400, "Choose a file"),
            ("empty file", Self.multipart, Self.body(csrf: csrf, file: []), 400, "The file is empty"),
            ("no csrf", Self.multipart, Self.body(csrf: "wrong", file: file), 403, "security token"),
            (
                "oversized", Self.multipart,
                Self.body(csrf: csrf, file: [UInt8](repeating: 0x20, count: OfficerAPI.maxDocumentBytes + 1)), 413,
                "at most 4 MiB"
            ),
            (
                "far too large", Self.multipart,
                Self.body(csrf: csrf, file: [UInt8](repeating: 0x20, count: WebPages.maxUploadBytes)), 413,
                "at most 4 MiB"
            ),
        ]
        for (name, headers, body, status, message) in cases {
            let answer = try await harness.page(.post, "/verify", cookie: cookie, headers: headers, body: body)
            #expect(answer.status == status, "\(name): \(answer.text)")
            #expect(answer.text.contains(#"role="alert""#) && answer.text.contains(message), "\(name): \(answer.text)")
            #expect(answer.headers[.contentType] == "text/html; charset=utf-8", "\(name)")
        }
    }

    @Test("the multipart reader: fields, files, quoted boundaries, a preamble")
    func reader() throws {
        let body = Array(
            ("preamble\r\n--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nt0k\r\n"
                + "--b \r\ncontent-disposition: form-data; name=document; filename=\"a \\\"q\\\".json\"\r\n"
                + "Content-Type: application/json\r\n\r\n--b not a delimiter\r\n\r\n--b--\r\nepilogue").utf8
        )
        let form = try MultipartForm(body: body, contentType: "multipart/form-data; charset=utf-8; boundary=\"b\"")
        #expect(form.parts.count == 2)
        #expect(form.field("csrf") == "t0k")
        let file = try #require(form.file("document"))
        #expect(file.filename == "a \"q\".json" && file.contentType == "application/json")
        #expect(file.body == Array("--b not a delimiter\r\n".utf8))
        #expect(MultipartForm.search(Array("abab".utf8), in: Array("aabababab".utf8), from: 0) == 1)
        #expect(MultipartForm.search(Array("abc".utf8), in: Array("ab".utf8), from: 0) == nil)
    }

    @Test(
        "the multipart reader refuses malformed bodies with a 400 problem",
        arguments: [
            "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",
            "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--",
            "--b\r\nno colon here\r\n\r\nx\r\n--b--",
            "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx",
            "--b\r\nContent-Disposition: form-data; name=\"a\"",
            "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b",
            "--bx\r\n",
            "--b",
            "",
            "--b\r\n" + String(repeating: "X-A: b\r\n", count: 2000) + "\r\n",
            String(repeating: "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n", count: 17) + "--b--",
        ]
    )
    func malformed(body: String) {
        #expect(throws: Problem.self) {
            try MultipartForm(body: Array(body.utf8), contentType: "multipart/form-data; boundary=b")
        }
    }

    @Test(
        "boundaries: missing, empty, too long or with characters outside RFC 2046 are refused",
        arguments: [
            nil, "text/plain", "multipart/form-data", "multipart/form-data; boundary=",
            "multipart/form-data; boundary=\(String(repeating: "a", count: 71))",
            "multipart/form-data; boundary=a\u{7}b",
            "multipart/form-data; boundary=\"ends in space \"",
        ] as [String?]
    )
    func boundaries(contentType: String?) {
        #expect(throws: Problem.self) { try MultipartForm.boundary(contentType: contentType) }
    }
}
