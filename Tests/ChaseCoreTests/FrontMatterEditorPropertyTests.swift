import XCTest
@testable import ChaseCore
import SeededRandom

/// Generated front matters (seeded, the same on every run): one key is set or removed and the result
/// is compared byte for byte with what the edit must produce.
final class FrontMatterEditorPropertyTests: XCTestCase {
    /// One top-level key as generated: its lines (without line endings) and what the editor keeps.
    private struct Entry {
        var key: String
        var lines: [String]
        /// The key line's trailing comment, with the whitespace before it.
        var comment: String?
        /// The scalar value, when the value is a scalar.
        var scalar: (text: String, isNull: Bool)?
    }

    private struct Generated {
        var hasBOM: Bool
        var ending: String
        /// Top-level key entries and free lines (comments, blanks), in order.
        var parts: [Either]
        var body: String

        enum Either {
            case entry(Entry)
            case free(String)
        }

        func render(replacing key: String? = nil, with replacement: [String]? = nil, inserting extra: String? = nil) -> [UInt8] {
            var lines = ["---"]
            for part in parts {
                switch part {
                case .free(let line): lines.append(line)
                case .entry(let entry):
                    if entry.key == key, let replacement { lines += replacement } else { lines += entry.lines }
                }
            }
            if let extra { lines.append(extra) }
            lines.append("---")
            let text = lines.map { $0 + ending }.joined() + body
            return (hasBOM ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
        }

        var entries: [Entry] {
            parts.compactMap { if case .entry(let e) = $0 { return e } else { return nil } }
        }
    }

    private static let keys = ["status", "status_note", "statuses", "stat", "id", "title", "assignee", "tags",
                               "depends_on", "notes", "meta", "due", "x", "priority", "review_by", "a-b"]

    private static let plainValues = ["open", "done", "in progress", "NO", "1.10", "2026-01-09", "2026-01-09T10:00:00Z",
                                      "CONTENT-010", "a#b", "-1", "Café 🎉", "http://x.y/z?q=1", "a, b"]

    private static let newValues = ["open", "done", "", " ", "NO", "yes", "null", "~", "1.10", "007",
                                    "2026-01-09T10:00:00Z", "CONTENT-010", "a: b", "x # y", "#hash", "- item",
                                    "\"quoted\"", "it's", "line\nbreak", "tab\there", "  padded  ", "日本語", "@name",
                                    "[not, a, list]", "{not: map}", "back\\slash", "ends:", "---", "..."]

    private func makeEntry(_ key: String, _ rng: inout SeededRandom) -> Entry {
        let comment: String? = rng.chance(30) ? rng.pick(["  # note", " # set by the bot", "\t# tab comment", " #"]) : nil
        switch rng.below(9) {
        case 0, 1, 2:
            let value = rng.pick(Self.plainValues)
            return Entry(key: key, lines: ["\(key): \(value)" + (comment ?? "")], comment: comment, scalar: (value, false))
        case 3:
            let value = rng.pick(["a # b", "x: y", "it''s", ""])
            let text = value.replacingOccurrences(of: "''", with: "'")
            return Entry(key: key, lines: ["\(key): '\(value)'" + (comment ?? "")], comment: comment, scalar: (text, false))
        case 4:
            let null = rng.pick(["", " ~", " null"])
            return Entry(key: key, lines: ["\(key):\(null)" + (comment ?? "")], comment: comment,
                         scalar: (null == " ~" ? "~" : null == " null" ? "null" : "", true))
        case 5:
            let indent = rng.chance(50) ? "  " : ""
            var lines = ["\(key):" + (comment ?? "")]
            for i in 0..<(1 + rng.below(3)) {
                if rng.chance(15) { lines.append("") }
                lines.append("\(indent)- item\(i)")
            }
            return Entry(key: key, lines: lines, comment: comment, scalar: nil)
        case 6:
            var lines = ["\(key): \(rng.pick(["|", ">", "|-", ">-"]))" + (comment ?? "")]
            for i in 0..<(1 + rng.below(3)) {
                if rng.chance(20) { lines.append("") }
                lines.append("  text line \(i): with # and \"quotes\"")
            }
            return Entry(key: key, lines: lines, comment: comment, scalar: nil)
        case 7:
            var lines = ["\(key):" + (comment ?? "")]
            lines.append("  owner: sam")
            if rng.chance(50) { lines.append("  # nested comment") }
            lines.append("  list:")
            lines.append("    - 1")
            return Entry(key: key, lines: lines, comment: comment, scalar: nil)
        default:
            return Entry(key: key, lines: ["\(key): [a, \"b # c\", 'd']" + (comment ?? "")], comment: comment, scalar: nil)
        }
    }

    private func generate(_ rng: inout SeededRandom) -> Generated {
        var keys = Self.keys
        var parts: [Generated.Either] = []
        for _ in 0..<rng.below(8) {
            if rng.chance(25) { parts.append(.free(rng.pick(["", "# a comment", "#", "# status: fake"]))) }
            let key = keys.remove(at: rng.below(keys.count))
            parts.append(.entry(makeEntry(key, &rng)))
        }
        if rng.chance(30) { parts.append(.free(rng.pick(["", "# trailing comment"]))) }
        let ending = rng.chance(40) ? "\r\n" : "\n"
        var body = ""
        for _ in 0..<rng.below(5) {
            body += rng.pick(["# Heading", "", "---", "...", "status: body", "text with ünïcode", "  indented"]) + ending
        }
        if rng.chance(20) { body += "no final newline" }
        return Generated(hasBOM: rng.chance(25), ending: ending, parts: parts, body: body)
    }

    func testGeneratedFrontMattersEditExactly() throws {
        var rng = SeededRandom(seed: 2026)
        var changed = 0
        for round in 0..<500 {
            let file = generate(&rng)
            let bytes = file.render()
            let before: FrontMatter
            do {
                before = try FrontMatter.parse(bytes)
            } catch {
                XCTFail("round \(round): generated file does not parse: \(error)\n\(String(decoding: bytes, as: UTF8.self))")
                continue
            }
            XCTAssertEqual(before.fields.map(\.key.text), file.entries.map(\.key), "round \(round)")

            let key = rng.chance(70) && !file.entries.isEmpty ? rng.pick(file.entries).key : rng.pick(Self.keys)
            let existing = file.entries.first { $0.key == key }
            let remove = rng.chance(20)
            let value: String
            if rng.chance(30) {
                var scalars = String.UnicodeScalarView()
                let alphabet = Array("ab -:#'\"\\,[]{}!&*?|>%@`~\t\n.0123é日🎉".unicodeScalars)
                for _ in 0..<rng.below(10) { scalars.append(rng.pick(alphabet)) }
                value = String(scalars)
            } else {
                value = rng.pick(Self.newValues)
            }
            let edit: FrontMatterEdit = remove ? .remove(key) : .set(key, value)

            let expected: [UInt8]
            if remove {
                expected = existing == nil ? bytes : file.render(replacing: key, with: [])
            } else if let existing {
                if let scalar = existing.scalar, !scalar.isNull, scalar.text == value {
                    expected = bytes
                } else {
                    expected = file.render(replacing: key, with: ["\(key): \(YAMLScalarFormat.render(value))" + (existing.comment ?? "")])
                }
            } else {
                expected = file.render(inserting: "\(key): \(YAMLScalarFormat.render(value))")
            }

            let out: [UInt8]
            do {
                out = try FrontMatterEditor.apply([edit], to: bytes)
            } catch {
                XCTFail("round \(round): \(edit) failed: \(error)\n\(String(decoding: bytes, as: UTF8.self))")
                continue
            }
            if out != bytes { changed += 1 }
            XCTAssertEqual(String(decoding: out, as: UTF8.self), String(decoding: expected, as: UTF8.self),
                           "round \(round): \(edit)")
            XCTAssertEqual(out, expected, "round \(round)")

            let after = try FrontMatter.parse(out)
            if remove {
                XCTAssertNil(after[key], "round \(round)")
            } else {
                XCTAssertEqual(after[key]?.scalarText, value, "round \(round)")
            }
            let othersBefore = before.fields.filter { $0.key.text != key }
            let othersAfter = after.fields.filter { $0.key.text != key }
            XCTAssertEqual(othersBefore.count, othersAfter.count, "round \(round)")
            for (a, b) in zip(othersBefore, othersAfter) {
                XCTAssertEqual(a.key.text, b.key.text, "round \(round)")
                XCTAssertTrue(a.value.sameContent(as: b.value), "round \(round): \(a.key.text)")
            }
            XCTAssertEqual(after.body, before.body, "round \(round)")
            XCTAssertEqual(after.hasBOM, file.hasBOM, "round \(round)")
            XCTAssertEqual(after.lineEnding, before.lineEnding, "round \(round)")

            // Applying the same edit again changes nothing.
            XCTAssertEqual(try FrontMatterEditor.apply([edit], to: out), out, "round \(round): not idempotent")
        }
        XCTAssertGreaterThan(changed, 300)
    }
}
