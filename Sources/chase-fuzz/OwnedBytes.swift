import ChaseCore

/// An oracle for the bot's edits that shares no code with the editor: which lines of a file a set of
/// keys owns, and a check that an edited file differs from the original in those lines only.
///
/// A key owns its line and the lines of its value up to the next top-level key, as the parser places
/// the keys (so a quoted value running over several lines is the key's too), without the blank and
/// comment lines that end that run. Everything else — the BOM, the delimiters, other keys,
/// comments, blank lines, the body, every line ending — is not the bot's, and must come out byte
/// for byte, in the same order.
enum OwnedBytes {
    /// The keys the bot writes in task and review files.
    static let botKeys: Set<String> = [
        "status", "assignee", "created", "revision", "escalated_at", "review_escalated_at", "platform_post_id",
        "published_at", "approved_output",
    ]

    /// Nil when `edited` keeps every byte of `original` that no key in `owned` owns; otherwise the
    /// first difference.
    static func violation(original: [UInt8], edited: [UInt8], owned: Set<String> = botKeys) -> String? {
        let before = unowned(original, owned), after = unowned(edited, owned)
        if before == after { return nil }
        let i = zip(before, after).prefix { $0 == $1 }.count
        func show(_ lines: [ArraySlice<UInt8>]) -> String {
            i < lines.count ? String(decoding: lines[i], as: UTF8.self).debugDescription : "(nothing)"
        }
        return "line \(i + 1) of the bytes the bot does not own: was \(show(before)), is \(show(after))"
    }

    /// The lines (each with its line ending) that no key in `owned` owns.
    static func unowned(_ bytes: [UInt8], _ owned: Set<String>) -> [ArraySlice<UInt8>] {
        let lines = split(bytes)
        guard let fm = try? FrontMatter.parse(bytes) else { return lines }  // nothing is owned in a file that does not parse
        // File lines are 1-based; the front matter's keys and its closing line are file lines.
        let starts = fm.fields.map { $0.key.line - 1 } + [fm.closingLine - 1]
        var ownedLines = Set<Int>()
        for (i, field) in fm.fields.enumerated() where owned.contains(field.key.text) {
            var end = starts[i + 1]
            while end > starts[i] + 1, isBlankOrComment(lines[end - 1]) { end -= 1 }
            ownedLines.formUnion(starts[i]..<end)
        }
        return lines.indices.filter { !ownedLines.contains($0) }.map { lines[$0] }
    }

    static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = [], start = 0
        for i in bytes.indices where bytes[i] == 0x0A {
            out.append(bytes[start...i])
            start = i + 1
        }
        if start < bytes.count { out.append(bytes[start...]) }
        return out
    }

    /// Only blanks, or a comment starting at column 0.
    static func isBlankOrComment(_ line: ArraySlice<UInt8>) -> Bool {
        line.first == UInt8(ascii: "#") || line.allSatisfy { [0x20, 0x09, 0x0D, 0x0A].contains($0) }
    }
}
