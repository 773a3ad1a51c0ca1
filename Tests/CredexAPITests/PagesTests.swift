import CredexAccess
import CredexCore
import Foundation
import HTTPTypes
import Testing

@testable import CredexAPI

/// The officers' web pages: sign-in and sessions, CSRF, search, a credential with its report,
/// saved reports and decisions, the federation, Spanish, and what every page must have.
@Suite struct PagesTests {
    @Test("a good token signs in and goes to the search; a bad one shows an alert")
    func signIn() async throws {
        let harness = try await APIHarness.make()
        let good = try await harness.form("/sign-in", [("token", harness.tokens[.officer]!)], cookie: nil)
        #expect(good.status == 303 && good.location == "/search")
        #expect(good.headers[.setCookie]?.hasPrefix("\(SessionCookie.name)=") == true)
        let bad = try await harness.form("/sign-in", [("token", "not-a-token")], cookie: nil)
        #expect(bad.status == 401 && bad.headers[.setCookie] == nil)
        #expect(bad.text.contains(#"role="alert""#) && bad.text.contains(#"<label for="token">Token</label>"#))
        let page = try await harness.page(.get, "/sign-in")
        #expect(page.status == 200)
        #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.hasPrefix("default-src 'self'") == true)
        #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
        PageCheck.expectAccessible(page.text)
        let css = try await harness.page(.get, "/static/credex.css")
        #expect(css.status == 200 && css.text.contains("@media print"))
    }

    @Test("without a session every page but sign-in redirects to it")
    func redirects() async throws {
        let harness = try await APIHarness.make()
        let spec = harness.ids["spec-maynooth-brewing"]!.rawValue
        for path in ["/", "/search?eqf=7", "/credentials/\(spec)", "/verify", "/reports", "/reports/x", "/federation"] {
            let answer = try await harness.page(.get, path)
            #expect(answer.status == 303 && answer.location == "/sign-in", "\(path)")
        }
        let stale = try await harness.page(
            .get,
            "/search",
            cookie: "\(SessionCookie.name)=\(String(repeating: "A", count: 43))"
        )
        #expect(stale.status == 303 && stale.location == "/sign-in")
        let (cookie, _) = try await harness.signIn()
        #expect(try await harness.page(.get, "/", cookie: cookie).location == "/search")
        #expect(try await harness.page(.get, "/sign-in", cookie: cookie).location == "/search")
        let nowhere = try await harness.page(.get, "/no/such/page", cookie: cookie)
        #expect(nowhere.status == 404 && nowhere.text.contains("there is no page here"))
        PageCheck.expectAccessible(nowhere.text)
        let api = try await harness.page(.get, "/api/v1/nothing", cookie: cookie)
        #expect(api.status == 404 && api.headers[.contentType] == "application/problem+json")
    }

    @Test("a form without or with a wrong CSRF token is refused; with it, sign-out ends the session")
    func csrf() async throws {
        let harness = try await APIHarness.make()
        let (cookie, csrf) = try await harness.signIn()
        let spec = harness.ids["spec-maynooth-brewing"]!.rawValue
        for fields in [[], [("csrf", "wrong")]] {
            let save = try await harness.form("/credentials/\(spec)/report", fields, cookie: cookie)
            #expect(save.status == 403 && save.text.contains(#"role="alert""#), "\(save.text)")
            #expect(try await harness.form("/sign-out", fields, cookie: cookie).status == 403)
        }
        #expect(try await harness.store.savedReports(limit: 10, offset: 0).isEmpty)
        let out = try await harness.form("/sign-out", [("csrf", csrf)], cookie: cookie)
        #expect(out.status == 303 && out.location == "/sign-in" && out.headers[.setCookie] == SessionCookie.clearing)
        #expect(try await harness.page(.get, "/search", cookie: cookie).location == "/sign-in")
    }

    @Test("search finds the Maynooth spec at EQF 7; a bad filter shows the problem, not a failure")
    func search() async throws {
        let harness = try await APIHarness.make()
        let (cookie, _) = try await harness.signIn()
        let brewing = harness.ids["spec-maynooth-brewing"]!.rawValue
        let answer = try await harness.page(.get, "/search?eqf=7", cookie: cookie)
        #expect(answer.status == 200)
        #expect(answer.text.contains(#"<a href="/credentials/\#(brewing)">"#), "\(answer.text)")
        #expect(answer.text.contains("NFQ-IE 9 (EQF 7)"))
        #expect(answer.text.contains(#"<label for="q">Search</label>"#))
        #expect(PageCheck.matches(#"<tr data-record="#, in: answer.text).count == 1)
        PageCheck.expectAccessible(answer.text)
        let bad = try await harness.page(.get, "/search?country=IRL", cookie: cookie)
        #expect(bad.status == 400 && bad.text.contains(#"role="alert""#) && bad.text.contains("ISO 3166-1"))
        PageCheck.expectAccessible(bad.text)
    }

    @Test("the Maynooth spec for MECES: its checks, the level statement, the original, a save button")
    func credential() async throws {
        let harness = try await APIHarness.make()
        let (cookie, _) = try await harness.signIn()
        let spec = harness.ids["spec-maynooth-brewing"]!.rawValue
        let answer = try await harness.page(.get, "/credentials/\(spec)?framework=MECES", cookie: cookie)
        #expect(answer.status == 200, "\(answer.text)")
        let statement = PageCheck.matches(#"id="level-statement">([^<]*)<"#, in: answer.text).first?[1]
        #expect(statement == "at the level of MECES 3 qualifications", "\(answer.text)")
        #expect(answer.text.contains(#"data-check="record.signature""#))
        #expect(PageCheck.matches(#"<tr class="check" data-outcome="(pass|fail|unknown)""#, in: answer.text).count > 3)
        #expect(answer.text.contains(#"class="check" data-outcome="pass" data-check="record.signature""#))
        #expect(answer.text.contains("Class under RD 822/2021"))
        // Only check rows carry data-outcome: a browser test takes any "fail" there for a failing check.
        #expect(
            PageCheck.matches(#"data-outcome="#, in: answer.text).count
                == PageCheck.matches(#"<tr class="check""#, in: answer.text).count
        )
        #expect(answer.text.contains(#"<tr data-present="false">"#), "Annex I rows say what is missing")
        #expect(answer.text.contains("<details>") && answer.text.contains("&quot;signatures&quot;"))
        #expect(answer.text.contains(#"<option value="MECES-ES" selected>"#))
        #expect(answer.text.contains(">Save report</button>"))
        PageCheck.expectAccessible(answer.text)
        let unknown = try await harness.page(.get, "/credentials/\(String(repeating: "0", count: 64))", cookie: cookie)
        #expect(unknown.status == 404 && unknown.text.contains("this node holds no record"))
        PageCheck.expectAccessible(unknown.text)
        let badFramework = try await harness.page(.get, "/credentials/\(spec)?framework=XYZ", cookie: cookie)
        #expect(badFramework.status == 200 && badFramework.text.contains(#"id="recognition-error""#))
        let award = harness.ids["award-p"]!.rawValue
        let awardPage = try await harness.page(.get, "/credentials/\(award)", cookie: cookie)
        #expect(awardPage.status == 200 && awardPage.text.contains("Distinction"), "the grade is shown when held")
        PageCheck.expectAccessible(awardPage.text)
    }

    @Test("a saved report shows, reproduces, and takes the officer's decision")
    func savedReport() async throws {
        let harness = try await APIHarness.make()
        let (cookie, csrf) = try await harness.signIn()
        let spec = harness.ids["spec-maynooth-brewing"]!.rawValue
        let saved = try await harness.form(
            "/credentials/\(spec)/report",
            [("csrf", csrf), ("framework", "MECES-ES"), ("programmeLevel", "3")],
            cookie: cookie
        )
        #expect(saved.status == 303, "\(saved.text)")
        let location = try #require(saved.location)
        #expect(location.hasPrefix("/reports/"))
        let shown = try await harness.page(.get, location, cookie: cookie)
        #expect(shown.status == 200, "\(shown.text)")
        #expect(shown.text.contains("at the level of MECES 3 qualifications"))
        #expect(shown.text.contains(#"id="reproduces" data-reproduces="true""#), "\(shown.text)")
        PageCheck.expectAccessible(shown.text)
        let refused = try await harness.form("\(location)/decision", [("result", "positive")], cookie: cookie)
        #expect(refused.status == 403)
        let decided = try await harness.form(
            "\(location)/decision",
            [("csrf", csrf), ("result", "partially-positive"), ("comment", "Recognised as 5 ECTS <electives>.")],
            cookie: cookie
        )
        #expect(decided.status == 303 && decided.location == location)
        let after = try await harness.page(.get, location, cookie: cookie)
        #expect(after.text.contains(#"<p id="decision-result"><strong>Partially positive</strong></p>"#))
        #expect(after.text.contains("Recognised as 5 ECTS &lt;electives&gt;."), "escaped")
        #expect(after.text.contains(#"value="partially-positive" required checked"#))
        let bad = try await harness.form("\(location)/decision", [("csrf", csrf), ("result", "maybe")], cookie: cookie)
        #expect(bad.status == 400)
        let list = try await harness.page(.get, "/reports", cookie: cookie)
        #expect(list.text.contains(#"<a href="\#(location)">"#) && list.text.contains("Partially positive"))
        PageCheck.expectAccessible(list.text)
        let missing = try await harness.page(.get, "/reports/nothing", cookie: cookie)
        #expect(missing.status == 404)
    }

    @Test("the federation page: trust-list version and freshness, members, peers")
    func federation() async throws {
        let harness = try await APIHarness.make()
        let (cookie, _) = try await harness.signIn()
        let answer = try await harness.page(.get, "/federation", cookie: cookie)
        #expect(answer.status == 200)
        #expect(answer.text.contains(#"<dd id="trust-version">1</dd>"#))
        #expect(answer.text.contains(#"id="trust-freshness" data-stale="false""#))
        #expect(
            PageCheck.matches(#"<table id="members".*?</table>"#, in: answer.text).first.map {
                PageCheck.matches("<tr>", in: $0[0]).count
            } == 3
        )
        PageCheck.expectAccessible(answer.text)
    }

    @Test("Accept-Language: es gives the Spanish pages, English for anything else")
    func spanish() async throws {
        let harness = try await APIHarness.make()
        let spanish: HTTPFields = [.acceptLanguage: "es-ES,es;q=0.9,en;q=0.8"]
        let signIn = try await harness.page(.get, "/sign-in", headers: spanish)
        #expect(signIn.text.contains(#"<html lang="es">"#) && signIn.text.contains("Iniciar sesión"))
        let (cookie, _) = try await harness.signIn()
        let search = try await harness.page(.get, "/search", cookie: cookie, headers: spanish)
        #expect(search.text.contains("<h1>Buscar credenciales</h1>") && search.headers[.contentLanguage] == "es")
        PageCheck.expectAccessible(search.text)
        let german = try await harness.page(.get, "/search", cookie: cookie, headers: [.acceptLanguage: "de"])
        #expect(german.text.contains(#"<html lang="en">"#) && german.text.contains("<h1>Search credentials</h1>"))
    }

    @Test(
        "the language is the best weighted one the pages speak",
        arguments: [
            (nil, "en"), ("es", "es"), ("es-ES", "es"), ("en-GB,es;q=0.5", "en"), ("fr, es;q=0.3", "es"),
            ("es;q=0.2, en;q=0.9", "en"), ("de, fr", "en"), ("es;q=0", "en"), ("*", "en"), (";;,,", "en"),
        ] as [(String?, String)]
    )
    func language(header: String?, language: String) {
        #expect(PageStrings.language(acceptLanguage: header) == language)
    }

    @Test("a key missing from Spanish falls back to English")
    func fallback() throws {
        let strings = PageStrings(tables: ["en": ["a": "A", "b": "B"], "es": ["a": "Á"]])
        #expect(strings.table(for: "es") == ["a": "Á", "b": "B"])
        #expect(strings.table(for: "fr") == ["a": "A", "b": "B"])
        let shipped = try PageStrings.load()
        #expect(Set(shipped.tables["es"]!.keys) == Set(shipped.tables["en"]!.keys))
    }
}
