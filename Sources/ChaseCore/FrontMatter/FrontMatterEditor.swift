/// One edit of a top-level scalar key.
public enum FrontMatterEdit: Equatable, Sendable {
    /// Sets `key` to the scalar `text`, written by `YAMLScalarFormat.render`.
    case set(String, String)
    /// Removes `key` and its value; nothing happens when it is absent.
    case remove(String)

    public var key: String {
        switch self {
        case .set(let key, _), .remove(let key): return key
        }
    }
}

/// Byte-preserving edits of top-level scalar keys: every byte not owned by the edited keys is kept
/// (key order, comments, unknown keys, body, BOM, CRLF). YAML is never re-serialised.
///
/// - `.set` of a present key replaces its line (a top-level `key: value` line at column 0) and the
///   value's continuation lines (every line before the next top-level key that is not blank or a
///   column-0 comment: indented lines, `-` items at column 0; and blank or column-0 comment lines
///   followed by such lines) with `key: <value>`. A trailing ` # comment` on the key line is
///   kept after the new value. When the key already holds exactly that text, nothing changes.
/// - `.set` of an absent key inserts `key: <value>` right before the closing delimiter line, with the
///   line ending of the opening delimiter line.
/// - `.remove` removes the key's line and its continuation lines.
/// - After each edit the result is parsed again and checked: the key has exactly the new text (or is
///   gone), every other top-level key has the same content in the same order, and the BOM and body are
///   byte-identical. Otherwise `editFailed` is thrown and nothing is returned.
public enum FrontMatterEditor {
    /// Applies `edits` in order to a file's bytes. The input must itself parse (else its parse error
    /// is thrown); an edit that cannot be made safely throws `editFailed`.
    public static func apply(
        _ edits: [FrontMatterEdit], to bytes: [UInt8], limits: FrontMatterLimits = .default
    ) throws(FrontMatterError) -> [UInt8] {
        var current = bytes
        var frontMatter = try FrontMatter.parse(bytes, limits: limits)
        for edit in edits {
            guard let edited = try applyOne(edit, to: current, frontMatter: frontMatter) else { continue }
            frontMatter = try verify(edit, before: frontMatter, original: current, after: edited, limits: limits)
            current = edited
        }
        return current
    }

    /// The edited bytes, or nil when the edit changes nothing.
    static func applyOne(_ edit: FrontMatterEdit, to bytes: [UInt8], frontMatter fm: FrontMatter) throws(FrontMatterError) -> [UInt8]? {
        let key = edit.key
        let index = fm.fields.firstIndex { $0.key.text == key }
        var newText: String?
        if case .set(_, let text) = edit {
            guard !key.isEmpty, YAMLScalarFormat.isPlainSafe(key) else {
                throw .editFailed(key: key, reason: "the key is not a plain word the editor can write")
            }
            if let index, case .scalar(let scalar) = fm.fields[index].value, !scalar.isNull, scalar.text == text {
                return nil
            }
            newText = text
        }
        let layout = fm.layout
        guard let index else {
            guard let text = newText else { return nil }  // removing an absent key
            let line = Array("\(key): \(YAMLScalarFormat.render(text))".utf8) + Array(fm.lineEnding.rawValue.utf8)
            return Array(bytes[..<layout.closing.lowerBound]) + line + Array(bytes[layout.closing.lowerBound...])
        }

        let lines = Lines(bytes, layout.yaml)
        let pair = fm.fields[index]
        let keyLine = pair.key.line - 2
        guard pair.key.isPlain, keyLine >= 0, keyLine < lines.count,
              let colon = lines.keyColon(keyLine, key: Array(key.utf8))
        else {
            throw .editFailed(key: key, reason: "the key is not written as a 'key: value' line at the start of a line")
        }
        // The next top-level key bounds the value's lines.
        let bound = fm.fields.dropFirst(index + 1).first.map { min($0.key.line - 2, lines.count) } ?? lines.count
        guard bound > keyLine else {
            throw .editFailed(key: key, reason: "the key shares its line with another key")
        }
        let end = lines.continuationEnd(after: keyLine, bound: bound)
        var replacement: [UInt8] = []
        if let text = newText {
            let ending = lines.ending(keyLine, default: fm.lineEnding)
            replacement = Array("\(key): \(YAMLScalarFormat.render(text))".utf8)
            let content = lines.content(keyLine)
            if let comment = trailingComment(bytes, after: colon + 1, end: content.upperBound) {
                replacement += bytes[comment..<content.upperBound]
            }
            replacement += Array(ending.rawValue.utf8)
        }
        let start = lines.ranges[keyLine].lowerBound
        let stop = end < lines.count ? lines.ranges[end].lowerBound : layout.yaml.upperBound
        return Array(bytes[..<start]) + replacement + Array(bytes[stop...])
    }

    /// Re-parses the edited bytes and checks that only the edited key changed.
    static func verify(
        _ edit: FrontMatterEdit, before: FrontMatter, original: [UInt8], after bytes: [UInt8], limits: FrontMatterLimits
    ) throws(FrontMatterError) -> FrontMatter {
        let key = edit.key
        let fm: FrontMatter
        do {
            fm = try FrontMatter.parse(bytes, limits: limits)
        } catch {
            throw .editFailed(key: key, reason: "the edited file would not parse (\(error.description))")
        }
        switch edit {
        case .set(_, let text):
            guard case .scalar(let scalar)? = fm[key], scalar.text == text, !scalar.isNull else {
                throw .editFailed(key: key, reason: "the new value would not read back as written")
            }
        case .remove:
            guard fm[key] == nil else { throw .editFailed(key: key, reason: "the key would still be there") }
        }
        let others = before.fields.filter { $0.key.text != key }
        let now = fm.fields.filter { $0.key.text != key }
        guard others.count == now.count,
              zip(others, now).allSatisfy({ $0.key.sameContent(as: $1.key) && $0.value.sameContent(as: $1.value) })
        else {
            throw .editFailed(key: key, reason: "the edit would change other keys")
        }
        guard fm.hasBOM == before.hasBOM,
              bytes[..<fm.layout.yaml.lowerBound].elementsEqual(original[..<before.layout.yaml.lowerBound]),
              bytes[fm.layout.closing.lowerBound...].elementsEqual(original[before.layout.closing.lowerBound...])
        else {
            throw .editFailed(key: key, reason: "the edit would change the delimiters or the body")
        }
        return fm
    }

    /// Where a trailing comment starts on a key line (the whitespace before its `#`), or nil. `start`
    /// is just after the key's colon. Quoted values are skipped; in flow values quotes are tracked.
    static func trailingComment(_ bytes: [UInt8], after start: Int, end: Int) -> Int? {
        var i = start
        while i < end, isBlank(bytes[i]) { i += 1 }
        guard i < end else { return nil }
        if bytes[i] == UInt8(ascii: "#") { return start }
        var quote: UInt8? = nil
        let flow = bytes[i] == UInt8(ascii: "[") || bytes[i] == UInt8(ascii: "{")
        let quoted = bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'")
        while i < end {
            let b = bytes[i]
            if let q = quote {
                if q == UInt8(ascii: "\"") && b == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if b == q {
                    if q == UInt8(ascii: "'"), i + 1 < end, bytes[i + 1] == q {
                        i += 2
                        continue
                    }
                    quote = nil
                }
            } else if b == UInt8(ascii: "#"), i > start, isBlank(bytes[i - 1]) {
                var s = i
                while s > start, isBlank(bytes[s - 1]) { s -= 1 }
                return s
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                let prev = bytes[i - 1]
                let opens = quoted && i == firstNonBlank(bytes, start, end)
                    || flow && (isBlank(prev) || prev == UInt8(ascii: "[") || prev == UInt8(ascii: "{") || prev == UInt8(ascii: ","))
                if opens { quote = b }
            }
            i += 1
        }
        return nil
    }

    static func firstNonBlank(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var i = start
        while i < end, isBlank(bytes[i]) { i += 1 }
        return i
    }

    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
}

/// The lines of the front matter text.
private struct Lines {
    let bytes: [UInt8]
    /// Each line with its line ending.
    var ranges: [Range<Int>] = []

    init(_ bytes: [UInt8], _ region: Range<Int>) {
        self.bytes = bytes
        var start = region.lowerBound
        while start < region.upperBound {
            var end = start
            while end < region.upperBound, bytes[end] != 0x0A { end += 1 }
            let next = min(end + 1, region.upperBound)
            ranges.append(start..<next)
            start = next
        }
    }

    var count: Int { ranges.count }

    /// The line without its line ending.
    func content(_ i: Int) -> Range<Int> {
        var end = ranges[i].upperBound
        if end > ranges[i].lowerBound, bytes[end - 1] == 0x0A { end -= 1 }
        if end > ranges[i].lowerBound, bytes[end - 1] == 0x0D { end -= 1 }
        return ranges[i].lowerBound..<end
    }

    func ending(_ i: Int, default fallback: LineEnding) -> LineEnding {
        let r = ranges[i]
        if r.count >= 2, bytes[r.upperBound - 1] == 0x0A { return bytes[r.upperBound - 2] == 0x0D ? .crlf : .lf }
        if r.count >= 1, bytes[r.upperBound - 1] == 0x0A { return .lf }
        return fallback
    }

    /// The offset of the colon when line `i` is `key`, optional spaces or tabs, `:`, then the end of
    /// the line, a space or a tab.
    func keyColon(_ i: Int, key: [UInt8]) -> Int? {
        let c = content(i)
        guard c.count > key.count, bytes[c.lowerBound..<(c.lowerBound + key.count)].elementsEqual(key) else { return nil }
        var j = c.lowerBound + key.count
        while j < c.upperBound, FrontMatterEditor.isBlank(bytes[j]) { j += 1 }
        guard j < c.upperBound, bytes[j] == UInt8(ascii: ":") else { return nil }
        guard j + 1 == c.upperBound || FrontMatterEditor.isBlank(bytes[j + 1]) else { return nil }
        return j
    }

    /// Blank (only spaces and tabs) or a comment at column 0.
    func isSkippable(_ i: Int) -> Bool {
        let c = content(i)
        var j = c.lowerBound
        while j < c.upperBound, FrontMatterEditor.isBlank(bytes[j]) { j += 1 }
        return j == c.upperBound || (j == c.lowerBound && bytes[j] == UInt8(ascii: "#"))
    }

    /// The first line after `keyLine` (and before `bound`, the next top-level key's line) that no
    /// longer belongs to its value. In a block mapping every line between two keys that is not blank
    /// and not a comment at column 0 is part of the first key's value (indented lines, `-` items at
    /// column 0, the rest of a flow collection); blank and comment lines belong to it only when such a
    /// line follows them.
    func continuationEnd(after keyLine: Int, bound: Int) -> Int {
        var end = keyLine + 1
        var j = end
        while j < bound {
            if !isSkippable(j) { end = j + 1 }
            j += 1
        }
        return end
    }
}
