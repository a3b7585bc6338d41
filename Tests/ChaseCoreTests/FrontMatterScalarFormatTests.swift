import XCTest
@testable import ChaseCore
import SeededRandom

/// Writes `text` as a front matter value and reads it back.
private func roundTrip(_ text: String) throws -> YAMLNode? {
    let file = "---\nkey: \(YAMLScalarFormat.render(text))\nother: 1\n---\n"
    return try FrontMatter.parse(Array(file.utf8))["key"]
}

final class FrontMatterScalarFormatTests: XCTestCase {
    static let samples: [String] = [
        "", " ", "open", "done", "NO", "no", "No", "yes", "Y", "n", "on", "OFF", "true", "False", "null", "Null", "~",
        "1.10", "007", "-1", "-x", "- x", "-", "--", "---", "...", "2026-01-09", "2026-01-09T10:00:00Z",
        "CONTENT-010", "a#b", "a #b", "#tag", "a: b", "a:b", "a:", "key:", "http://example.com/a?b=c#d",
        "\"quoted\"", "'single'", "it's", "say \"hi\"", " leading", "trailing ", "\ttab", "in\tside",
        "line\nbreak", "cr\rhere", "crlf\r\n", "back\\slash", "\\", "\u{7}bell", "\u{0}", "\u{1F}", "\u{7F}",
        "\u{85}nel", "a\u{2028}b", "\u{FEFF}bom", "\u{FFFE}", "Café", "日本語", "🎉 party", "e\u{301}", "\u{A0}nbsp",
        "?", "? x", "?x", ":x", ",", "[a]", "{a: 1}", "a, b", "a [b]", "&anchor", "*alias", "!tag", "|", ">",
        "%", "@name", "`cmd`", "=", "<<", "a  b", "a # b # c", "value # comment", "#", "x#", "50%", "a|b",
        String(repeating: "long ", count: 50) + "end",
    ]

    func testRenderReadsBackAsExactlyTheSameText() throws {
        for text in Self.samples {
            let node = try roundTrip(text)
            guard case .scalar(let scalar)? = node else {
                XCTFail("\(text.debugDescription) rendered \(YAMLScalarFormat.render(text)) did not read back a scalar")
                continue
            }
            XCTAssertEqual(scalar.text, text, "rendered as \(YAMLScalarFormat.render(text))")
            XCTAssertFalse(scalar.isNull, text.debugDescription)
        }
    }

    func testRenderPrefersPlain() {
        for text in ["open", "1.10", "2026-01-09T10:00:00Z", "CONTENT-010", "-1", "a#b", "a:b", "Café", "🎉 party",
                     "http://example.com/a?b=c#d", "it's", "a, b", "50%"] {
            XCTAssertEqual(YAMLScalarFormat.render(text), text)
        }
    }

    func testRenderQuotesWhatWouldReadDifferently() {
        XCTAssertEqual(YAMLScalarFormat.render(""), "\"\"")
        XCTAssertEqual(YAMLScalarFormat.render("NO"), "\"NO\"")
        XCTAssertEqual(YAMLScalarFormat.render("null"), "\"null\"")
        XCTAssertEqual(YAMLScalarFormat.render("~"), "\"~\"")
        XCTAssertEqual(YAMLScalarFormat.render("a: b"), "\"a: b\"")
        XCTAssertEqual(YAMLScalarFormat.render("a #b"), "\"a #b\"")
        XCTAssertEqual(YAMLScalarFormat.render("#b"), "\"#b\"")
        XCTAssertEqual(YAMLScalarFormat.render(" x"), "\" x\"")
        XCTAssertEqual(YAMLScalarFormat.render("- x"), "\"- x\"")
        XCTAssertEqual(YAMLScalarFormat.render("@name"), "\"@name\"")
        XCTAssertEqual(YAMLScalarFormat.render("\"hi\""), "\"\\\"hi\\\"\"")
        XCTAssertEqual(YAMLScalarFormat.render("a\nb\tc\rd\\e"), "\"a\\nb\\tc\\rd\\\\e\"")
        XCTAssertEqual(YAMLScalarFormat.render("\u{7}"), "\"\\u0007\"")
        XCTAssertEqual(YAMLScalarFormat.render("a\u{2028}"), "\"a\\u2028\"")
    }

    func testRenderNeverWritesALineBreak() {
        for text in Self.samples {
            let rendered = YAMLScalarFormat.render(text)
            XCTAssertFalse(rendered.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" },
                           rendered)
        }
    }

    func testGeneratedStringsRoundTrip() throws {
        var rng = SeededRandom(seed: 42)
        let alphabet: [Unicode.Scalar] = Array("ab -:#'\"\\,[]{}!&*?|>%@`~\t\n\r.0123456789é日🎉".unicodeScalars)
            + ["\u{0}", "\u{1B}", "\u{7F}", "\u{85}", "\u{A0}", "\u{2028}", "\u{FEFF}"]
        for _ in 0..<1_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<rng.below(12) { text.append(alphabet[rng.below(alphabet.count)]) }
            let string = String(text)
            let node = try roundTrip(string)
            XCTAssertEqual(node?.scalarText, string, "rendered as \(YAMLScalarFormat.render(string))")
        }
    }
}

