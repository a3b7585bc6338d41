import Foundation

/// An oracle for the bot's edits that shares no code with the editor: which lines of a file the
/// bot's keys own, and a check that an edited file differs from the original in those lines only.
///
/// A key owns its line (a top-level `key:` at column 0 inside the front matter) and the lines of
/// its value after it: indented lines and `-` items, with blank and comment lines between them,
/// up to the next line that starts at column 0 with anything else. Everything else — the BOM, the
/// delimiters, other keys, comments, blank lines, the body, every line ending — is not the bot's,
/// and must come out byte for byte, in the same order.
enum OwnedBytes {
    /// The keys the bot writes in task and review files.
    static let botKeys: Set<String> = [
        "status", "assignee", "created", "revision", "escalated_at", "review_escalated_at", "platform_post_id",
    ]

    /// Nil when `edited` keeps every byte of `original` that no key in `owned` owns; otherwise the
    /// first difference, for the failure message.
    static func violation(original: [UInt8], edited: [UInt8], owned: Set<String> = botKeys) -> String? {
        let before = unowned(original, owned), after = unowned(edited, owned)
        if before == after { return nil }
        let i = zip(before, after).prefix { $0 == $1 }.count
        func show(_ lines: [[UInt8]]) -> String {
            i < lines.count ? String(decoding: lines[i], as: UTF8.self).debugDescription : "(nothing)"
        }
        return "line \(i + 1) of the bytes the bot does not own: was \(show(before)), is \(show(after))"
    }

    /// The lines (each with its line ending) that no key in `owned` owns.
    static func unowned(_ bytes: [UInt8], _ owned: Set<String>) -> [[UInt8]] {
        let lines = split(bytes)
        guard let closing = closingLine(lines) else { return lines }  // no front matter: nothing is owned
        var kept: [[UInt8]] = []
        var i = 0
        while i < lines.count {
            if i > 0, i < closing, let key = topLevelKey(lines[i]), owned.contains(key) {
                i = valueEnd(lines, after: i, closing: closing)
                continue
            }
            kept.append(lines[i])
            i += 1
        }
        return kept
    }

    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = [], start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            lines.append(Array(bytes[start...i]))
            start = i + 1
        }
        if start < bytes.count { lines.append(Array(bytes[start...])) }
        return lines
    }

    /// The closing `---` or `...` line when the first line (after a BOM) opens front matter.
    static func closingLine(_ lines: [[UInt8]]) -> Int? {
        guard var first = lines.first else { return nil }
        if first.starts(with: [0xEF, 0xBB, 0xBF]) { first.removeFirst(3) }
        guard text(first).trimmingCharacters(in: .init(charactersIn: " \t\r\n")) == "---" else { return nil }
        return lines.indices.dropFirst().first { i in
            let t = text(lines[i]).trimmingCharacters(in: .init(charactersIn: " \t\r\n"))
            return (t == "---" || t == "...") && (lines[i].first == 0x2D || lines[i].first == 0x2E)
        }
    }

    /// The key of a `key:` line at column 0.
    static func topLevelKey(_ line: [UInt8]) -> String? {
        let t = text(line)
        guard let first = t.unicodeScalars.first, first != " ", first != "\t", first != "#", first != "-",
              let colon = t.firstIndex(of: ":") else { return nil }
        let after = t[t.index(after: colon)...]
        guard after.isEmpty || [" ", "\t", "\r", "\n"].contains(after.first!) else { return nil }
        return t[..<colon].trimmingCharacters(in: .init(charactersIn: " \t"))
    }

    /// The line after the last line of the value of the key on line `keyLine`.
    static func valueEnd(_ lines: [[UInt8]], after keyLine: Int, closing: Int) -> Int {
        var end = keyLine + 1
        var j = keyLine + 1
        while j < closing {
            let t = text(lines[j])
            let blank = t.trimmingCharacters(in: .init(charactersIn: " \t\r\n")).isEmpty
            if !blank, let c = t.first, c == " " || c == "\t" || c == "-" {
                end = j + 1
            } else if !(blank || t.hasPrefix("#")) {
                break
            }
            j += 1
        }
        return end
    }

    private static func text(_ line: [UInt8]) -> String { String(decoding: line, as: UTF8.self) }
}
