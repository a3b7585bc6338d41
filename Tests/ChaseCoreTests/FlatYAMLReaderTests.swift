import Foundation
import XCTest
@testable import ChaseCore
import SeededRandom

/// The flat reader against the full one: on every input it either declines or gives exactly what
/// `YAMLReader` gives (texts, styles, nulls and lines). Inputs: the fixture corpora, this
/// repository's own queue, generated realistic front matter, and seeded random and mutated text.
final class FlatYAMLReaderTests: XCTestCase {
    private struct Tally {
        var accepted = 0
        var declined = 0
    }

    /// Compares the two readers on `yaml`; returns whether the flat reader answered.
    @discardableResult
    private func compare(_ yaml: [UInt8], limits: FrontMatterLimits = .default, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        guard let flat = FlatYAMLReader.read(yaml, firstLine: 2, limits: limits) else { return false }
        do {
            let full = try YAMLReader.read(yaml, firstLine: 2, limits: limits)
            if flat != full {
                XCTFail("the readers differ on \(String(decoding: yaml, as: UTF8.self).debugDescription):\nflat \(String(describing: flat))\nfull \(String(describing: full))",
                        file: file, line: line)
            }
        } catch {
            XCTFail("the flat reader accepted what the full reader refuses (\(error)): \(String(decoding: yaml, as: UTF8.self).debugDescription)",
                    file: file, line: line)
        }
        return true
    }

    /// The front matter text of a whole file, as FrontMatter.parse hands it to the readers.
    private func frontMatterText(_ file: [UInt8]) -> [UInt8]? {
        guard case .success(let layout) = FrontMatterLayout.locate(file) else { return nil }
        return Array(file[layout.yaml])
    }

    private static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func files(in folder: String) throws -> [URL] {
        let url = FlatYAMLReaderTests.packageRoot.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
            .filter { !$0.hasDirectoryPath }.sorted { $0.path < $1.path }
    }

    // MARK: - Corpora

    func testFixtureCorporaReadTheSameOrDecline() throws {
        var tally = Tally()
        for folder in ["Tests/Fixtures/fuzz-seeds", "Tests/Fixtures/hostile/files", "Tests/Fixtures/fuzz-regressions"] {
            for url in try files(in: folder) {
                guard let yaml = frontMatterText(Array(try Data(contentsOf: url))) else { continue }
                if compare(yaml) { tally.accepted += 1 } else { tally.declined += 1 }
                // Each line break style the split allows.
                compare(yaml.crlf())
            }
        }
        XCTAssertGreaterThan(tally.accepted, 20, "the flat reader should read most plain corpus files")
        XCTAssertGreaterThan(tally.declined, 10, "the hostile files should mostly go to the full reader")
    }

    func testThisRepositorysQueueIsReadByTheFlatReader() throws {
        for folder in ["queue", "reviews"] {
            for url in try files(in: folder) where url.pathExtension == "md" {
                let yaml = try XCTUnwrap(frontMatterText(Array(try Data(contentsOf: url))))
                XCTAssertTrue(compare(yaml), "\(url.lastPathComponent) should be read by the flat reader")
            }
        }
    }

    // MARK: - Shapes

    func testTheShapesTheBotAndAgentsWriteAreReadTheSame() {
        let cases = [
            "id: CONTENT-010\ntitle: Create Ika personality tweet\nstatus: pending\n",
            "title: \"Create Ika personality tweet #6\"\nreview_tier: 2                   # established series\n",
            "depends_on: [LORE-003]\ncreated: 2026-01-07T09:00:00Z\n",
            "depends_on: []\nlabels: [launch, social, v2.3]\n",
            "depends_on:\n  - LORE-003\n  - LORE-004   # the second drop\nnext: x\n",
            "depends_on:\n- LORE-003\n- 'LORE-004'\n",
            "depends_on:   # none yet\n\n# a comment\nstatus: blocked\n",
            "a:\nb: ~\nc: null\nd: NULL\ne: Null\nf: \"\"\ng: 'null'\nh: nULL\ni: plain\n",
            "title: 'it''s Ika''s'\nnote: \"say 'hi'\"\n",
            "title: Ika’s café tweet\nother: イカの新年ツイート 12\n",
            "url: https://example.com/a:b?c=d#frag\nratio: 1:2\n",
            "title: a, b [c] {d} & e * f ! g | h > i % j @ k ` l\n",
            "title: \"  spaced  \"\nplain: a   b  \n",
            "# only a comment\n\n   \n",
            "",
            "\n",
            "platform_post_id: \"1877000000000000009\"\nassignee: 2\n",
            "null: 1\ntrue: 2\nyes: 3\n",
            "title: tweet#6 and C# notes\n",
            "title: value\n  # an indented comment\nnext: 2\n",
        ]
        for text in cases {
            let yaml = Array(text.utf8)
            XCTAssertTrue(compare(yaml), "should be read by the flat reader: \(text.debugDescription)")
            compare(yaml.crlf())
        }
    }

    func testWhatItLeavesToTheFullReader() {
        let cases = [
            "title: \"a \\t b\"\n",              // an escape
            "title:\ta\n",                         // a tab
            "title: first\n  second\n",            // a multi-line plain scalar
            "title: \"first\n  second\"\n",        // a multi-line quoted scalar
            "meta:\n  owner: me\n",                // a nested map
            "a: &x 1\nb: *x\n",                    // an anchor and an alias
            "a: !!str 1\n",                        // a tag
            "a: 1\na: 2\n",                        // a duplicate key
            "\"a\": 1\n",                          // a quoted key
            "a: {b: 1}\n",                         // a flow map
            "a: [b, [c]]\n",                       // a nested flow list
            "a: [b,\n  c]\n",                      // a multi-line flow list
            "a: |\n  block\n",                     // a block scalar
            "a: b: c\n",                           // a mapping value in a plain scalar
            "a: -1\n",                             // a leading indicator
            "- a\n- b\n",                          // a top-level list
            "a\n",                                 // a scalar document
            "%YAML 1.1\n---\na: 1\n",              // a directive
            "a: 1\r b: 2\n",                       // a lone CR
            "a: x\u{2028}y\n",                     // a line separator
            "a: \u{FEFF}x\n",                      // a byte order mark inside
            "a:\n- x\n  - y\n",                    // list items out of line
            "a:\n  - x\n- y\n",
            "a:\n  -\n",                           // an empty item
            "a: \"x\"y\n",                         // text after a closing quote
            "? a\n: b\n",                          // an explicit key
        ]
        for text in cases {
            XCTAssertFalse(compare(Array(text.utf8)), "should go to the full reader: \(text.debugDescription)")
        }
    }

    func testTheLimitsAreLeftToTheFullReader() {
        let many = (0..<30).map { "k\($0): v\n" }.joined()
        XCTAssertFalse(compare(Array(many.utf8), limits: FrontMatterLimits(maxNodes: 20)))
        XCTAssertTrue(compare(Array(many.utf8), limits: FrontMatterLimits(maxNodes: 61)))
        XCTAssertFalse(compare(Array("a: [b]\n".utf8), limits: FrontMatterLimits(maxDepth: 1)))
        XCTAssertTrue(compare(Array("a: b\n".utf8), limits: FrontMatterLimits(maxDepth: 1)))
    }

    /// Realistic task and review front matter in every combination of the irregularities people
    /// and agents leave, all read by the flat reader.
    func testGeneratedRealisticFrontMatterIsReadTheSame() {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<3000 {
            var lines: [String] = []
            if rng.below(20) == 0 { lines.append("# imported from the old tracker") }
            let title = rng.pick(["Create Ika personality tweet", "Senpai mystery lore drop", "Key visual: phase 2",
                                  "Tweet #6 for the fans", "Ika’s café", "イカの新年ツイート"])
            let quoted = title.contains("#") || title.contains(": ") || rng.below(3) == 0
            let fields: [(String, String)] = [
                ("id", "CONTENT-\(rng.below(100_000))"),
                ("title", quoted ? (rng.below(5) == 0 && !title.contains("'") ? "'\(title)'" : "\"\(title)\"") : title),
                ("type", rng.pick(["content", "lore", "asset", "analytics", "ops"])),
                ("content_type", rng.pick(["tweet", "thread", "discord", "banner"])),
                ("priority", rng.pick(["P0", "P1", "P2", "P3"])),
                ("review_tier", String(1 + rng.below(3))),
                ("status", rng.pick(["pending", "in_progress", "blocked", "complete", "in_review", "published"])),
                ("assignee", String(rng.below(10))),
                ("created", "2026-01-0\(1 + rng.below(9))T09:00:00Z"),
                ("output", "outputs/content/tweets/ika-tweet-\(rng.below(999)).md"),
                ("platform_post_id", "\"18770000000000\(rng.below(99_999))\""),
                ("campaign", "new-year-2026"),
            ]
            for (key, value) in fields where rng.below(6) != 0 {
                var line = "\(key): \(value)"
                if rng.below(8) == 0 { line += String(repeating: " ", count: 1 + rng.below(20)) + "# a note" }
                lines.append(line)
            }
            switch rng.below(4) {
            case 0: lines.append("depends_on: [LORE-00\(rng.below(9)), CONTENT-0\(rng.below(99))]")
            case 1: lines += ["depends_on:", "  - LORE-00\(rng.below(9))", "  - CONTENT-0\(rng.below(99))"]
            case 2: lines.append("depends_on: []")
            default: break
            }
            if rng.below(10) == 0 { lines.append("") }
            let ending = rng.below(10) == 0 ? "\r\n" : "\n"
            let yaml = Array(lines.map { $0 + ending }.joined().utf8)
            XCTAssertTrue(compare(yaml), "should be read by the flat reader: \(String(decoding: yaml, as: UTF8.self).debugDescription)")
        }
    }

    // MARK: - Random inputs

    /// Lines assembled from the tokens YAML treats specially, then byte-level mutations of them.
    func testRandomAndMutatedInputsReadTheSameOrDecline() {
        var rng = SeededRandom(seed: 42)
        let tokens = ["key", "id", "a", "b_c", "d-e", ":", ": ", " ", "  ", "\t", "#", " #", "\"", "'", "''", "[", "]", ",", ", ",
                      "-", "- ", "&", "*", "!", "|", ">", "{", "}", "\\", "?", "%", "@", "`", "~", "null", "1", "2026-01-09T09:00:00Z",
                      "é", "’", "イカ", "\u{1F600}", "\u{85}", "\u{A0}", "\u{2028}", "\u{FEFF}", "---", "...", ".", "\r", "x y"]
        var tally = Tally()
        let safe = ["a", "b c", "x:y", "é", "1", "LORE-003", "v2.3", "イカ"]
        let inner = ["a", "b c", "#", " #", ":", "'", "\"", "[", "]", ",", "&", "*", "!", "é", "\u{1F600}", "  ", "x:y", "-", "~"]
        for round in 0..<30_000 {
            var text = ""
            for _ in 0..<(1 + rng.below(6)) {
                if rng.below(4) == 0 { text += String(repeating: " ", count: rng.below(4)) }
                if round % 3 != 0 || rng.below(2) == 0 {
                    // Nearly the shapes the flat reader takes, with tricky characters inside.
                    text += rng.pick(["id", "title", "status", "depends_on", "k"]) + ":"
                    var value = ""
                    for _ in 0..<rng.below(4) { value += rng.below(10) < 7 ? rng.pick(safe) : rng.pick(inner) }
                    switch rng.below(6) {
                    case 0: text += " \"" + value + "\""
                    case 1: text += " '" + value + "'"
                    case 2: text += " [" + value + "]"
                    case 3: text += "\n" + String(repeating: " ", count: rng.below(3)) + "- " + value
                    default: text += " " + value
                    }
                } else {
                    for _ in 0..<rng.below(6) { text += rng.pick(tokens) }
                }
                text += rng.below(8) == 0 ? "\r\n" : "\n"
            }
            var bytes = Array(text.utf8)
            if round % 4 == 0, !bytes.isEmpty {
                // Byte-level mutations: flips, insertions and deletions.
                for _ in 0..<(1 + rng.below(3)) {
                    let at = rng.below(bytes.count)
                    switch rng.below(3) {
                    case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                    case 1: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
                    default: bytes.remove(at: at)
                    }
                    if bytes.isEmpty { break }
                }
            }
            if compare(bytes) { tally.accepted += 1 } else { tally.declined += 1 }
        }
        // Both outcomes are exercised, so the comparison means something.
        XCTAssertGreaterThan(tally.accepted, 3000)
        XCTAssertGreaterThan(tally.declined, 3000)
    }
}

private extension Array where Element == UInt8 {
    func crlf() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count + count / 20)
        for (i, b) in enumerated() {
            if b == 0x0A, i == 0 || self[i - 1] != 0x0D { out.append(0x0D) }
            out.append(b)
        }
        return out
    }
}

