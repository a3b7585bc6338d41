#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fast reader for the flat front matter the bot and the agents write: top-level `key: value`
/// lines whose values are one-line plain, single- or double-quoted scalars, flow lists of ids
/// (`[LORE-003, LORE-004]`) or block lists of one-line items, with comments and blank lines between.
///
/// It declines (returns nil) on anything else, and the caller reads the text with `YAMLReader`
/// instead: tabs, control characters, escapes, multi-line scalars, nested maps, anchors, tags, flow
/// maps, duplicate keys, keys in quotes, more values than the limits allow, every YAML error. Where
/// it answers, the answer is exactly `YAMLReader`'s (texts, styles, nulls, lines), which a
/// differential test holds it to over the fixture corpora, generated queues and random inputs.
/// It builds the same nodes for a fraction of the cost, which is most of reading a large queue.
public enum FlatYAMLReader {
    /// The root, as `YAMLReader.read` would return it: `.some(nil)` when the text holds no document
    /// (only comments and blank lines); nil when this reader declines.
    public static func read(_ yaml: [UInt8], firstLine: Int = 1, limits: FrontMatterLimits = .default) -> YAMLNode?? {
        yaml.withUnsafeBufferPointer { buffer in
            var scanner = FlatScanner(bytes: buffer, firstLine: firstLine)
            guard let pairs = scanner.run() else { return nil }
            guard let first = pairs.first else { return .some(nil) }
            // The same caps as YAMLReader, which reports them as errors: leave those to it.
            var nodes = 1
            var hasSequence = false
            for pair in pairs {
                nodes += 2
                if case .sequence(let items, _) = pair.value {
                    nodes += items.count
                    hasSequence = true
                }
            }
            if nodes > limits.maxNodes || limits.maxDepth < (hasSequence ? 2 : 1) { return nil }
            return .some(.mapping(pairs, line: first.key.line))
        }
    }
}

/// One pass over the lines. Every `nil` returned means "decline".
private struct FlatScanner {
    let b: UnsafeBufferPointer<UInt8>
    let firstLine: Int

    init(bytes: UnsafeBufferPointer<UInt8>, firstLine: Int) {
        b = bytes
        self.firstLine = firstLine
    }

    /// libyaml refuses implicit keys over 1024 characters; keys here are short.
    static let maxKeyLength = 128

    static let space: UInt8 = 0x20, hash: UInt8 = 0x23, colon: UInt8 = 0x3A, dash: UInt8 = 0x2D
    static let doubleQuote: UInt8 = 0x22, singleQuote: UInt8 = 0x27, openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D
    static let comma: UInt8 = 0x2C, backslash: UInt8 = 0x5C

    mutating func run() -> [YAMLPair]? {
        let n = b.count
        var pairs: [YAMLPair] = []
        pairs.reserveCapacity(20)
        // Keys seen, as byte ranges: a duplicate is found without making strings to compare.
        var keys: [Range<Int>] = []
        keys.reserveCapacity(20)
        // A key whose value is still open: empty so far, or a block list being read.
        var pendingKey: YAMLScalar?
        var items: [YAMLNode]?
        var itemIndent = 0
        var listLine = 0

        func closePending() {
            guard let key = pendingKey else { return }
            if let list = items {
                pairs.append(YAMLPair(key: key, value: .sequence(list, line: listLine)))
            } else {
                // libyaml's empty value sits at the end of the ':' on the key's line.
                pairs.append(YAMLPair(key: key, value: .scalar(YAMLScalar(text: "", isPlain: true, line: key.line))))
            }
            pendingKey = nil
            items = nil
        }

        var lineStart = 0
        var lineIndex = 0
        while lineStart < n {
            let lineEnd = memchr(b.baseAddress! + lineStart, 0x0A, n - lineStart)
                .map { b.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? n
            var end = lineEnd
            if end > lineStart, b[end - 1] == 0x0D { end -= 1 }
            let start = lineStart
            let line = firstLine + lineIndex
            lineStart = lineEnd < n ? lineEnd + 1 : n
            lineIndex += 1
            guard allowed(start, end) else { return nil }

            var i = start
            while i < end, b[i] == FlatScanner.space { i += 1 }
            if i == end || b[i] == FlatScanner.hash { continue }  // blank or comment line
            let indent = i - start

            if pendingKey != nil {
                if b[i] == FlatScanner.dash, i + 1 < end, b[i + 1] == FlatScanner.space {
                    if items == nil {
                        items = []
                        itemIndent = indent
                        listLine = line
                    } else if indent != itemIndent {
                        return nil
                    }
                    var p = i + 2
                    while p < end, b[p] == FlatScanner.space { p += 1 }
                    guard p < end, b[p] != FlatScanner.hash, let item = scalar(p, end, line: line) else { return nil }
                    items!.append(.scalar(item))
                    continue
                }
                // Anything indented here is a nested map or a continuation: not flat.
                if indent > 0 { return nil }
                closePending()
            } else if indent > 0 {
                return nil
            }

            // A top-level key line: `key:` then the end of the line, a comment, or a value.
            var k = start
            guard FlatScanner.isKeyStart(b[k]) else { return nil }
            k += 1
            while k < end, FlatScanner.isKeyByte(b[k]) { k += 1 }
            guard k < end, b[k] == FlatScanner.colon, k + 1 == end || b[k + 1] == FlatScanner.space,
                  k - start <= FlatScanner.maxKeyLength else { return nil }
            let length = k - start
            if keys.contains(where: { $0.count == length && memcmp(b.baseAddress! + $0.lowerBound, b.baseAddress! + start, length) == 0 }) {
                return nil
            }
            keys.append(start..<k)
            let key = YAMLScalar(text: text(start, k), isPlain: true, line: line)
            var p = k + 1
            while p < end, b[p] == FlatScanner.space { p += 1 }
            if p == end || b[p] == FlatScanner.hash {
                pendingKey = key
                continue
            }
            if b[p] == FlatScanner.openBracket {
                guard let list = flowList(p, end, line: line) else { return nil }
                pairs.append(YAMLPair(key: key, value: .sequence(list, line: line)))
            } else {
                guard let value = scalar(p, end, line: line) else { return nil }
                pairs.append(YAMLPair(key: key, value: .scalar(value)))
            }
        }
        closePending()
        return pairs
    }

    // MARK: - Values

    /// A one-line scalar starting at `p` (not a space) and running to the end of the line, or to a
    /// comment: plain, 'single' or "double" quoted.
    func scalar(_ p: Int, _ end: Int, line: Int) -> YAMLScalar? {
        switch b[p] {
        case FlatScanner.doubleQuote:
            var q = p + 1
            while q < end, b[q] != FlatScanner.doubleQuote {
                if b[q] == FlatScanner.backslash { return nil }  // escapes: the full reader
                q += 1
            }
            guard q < end, restIsComment(q + 1, end) else { return nil }
            return YAMLScalar(text: text(p + 1, q), isPlain: false, line: line)
        case FlatScanner.singleQuote:
            var q = p + 1
            var doubled = false
            while true {
                guard q < end else { return nil }  // closed on a later line: the full reader
                if b[q] == FlatScanner.singleQuote {
                    if q + 1 < end, b[q + 1] == FlatScanner.singleQuote {
                        doubled = true
                        q += 2
                        continue
                    }
                    break
                }
                q += 1
            }
            guard restIsComment(q + 1, end) else { return nil }
            var value = text(p + 1, q)
            if doubled { value = value.replacingDoubledQuotes() }
            return YAMLScalar(text: value, isPlain: false, line: line)
        default:
            guard !FlatScanner.isIndicator(b[p]) else { return nil }
            var q = p
            var last = p  // one past the last non-space byte
            while q < end {
                let c = b[q]
                if c == FlatScanner.colon, q + 1 == end || b[q + 1] == FlatScanner.space { return nil }  // `a: b: c`
                if c == FlatScanner.space {
                    if q + 1 < end, b[q + 1] == FlatScanner.hash { break }  // a comment
                } else {
                    last = q + 1
                }
                q += 1
            }
            return YAMLScalar(text: text(p, last), isPlain: true, line: line)
        }
    }

    /// `[ID, ID-2, ...]` on one line, items made of letters, digits, `_`, `-` and `.`.
    func flowList(_ p: Int, _ end: Int, line: Int) -> [YAMLNode]? {
        var list: [YAMLNode] = []
        var q = p + 1
        func skipSpaces() { while q < end, b[q] == FlatScanner.space { q += 1 } }
        skipSpaces()
        if q < end, b[q] == FlatScanner.closeBracket {
            return restIsComment(q + 1, end) ? list : nil
        }
        while true {
            let itemStart = q
            guard q < end, FlatScanner.isFlowItemStart(b[q]) else { return nil }
            while q < end, FlatScanner.isFlowItemByte(b[q]) { q += 1 }
            list.append(.scalar(YAMLScalar(text: text(itemStart, q), isPlain: true, line: line)))
            skipSpaces()
            guard q < end else { return nil }
            if b[q] == FlatScanner.closeBracket { return restIsComment(q + 1, end) ? list : nil }
            guard b[q] == FlatScanner.comma else { return nil }
            q += 1
            skipSpaces()
        }
    }

    /// After a value: nothing, or spaces and then nothing or a comment.
    func restIsComment(_ p: Int, _ end: Int) -> Bool {
        if p == end { return true }
        guard b[p] == FlatScanner.space else { return false }
        var q = p
        while q < end, b[q] == FlatScanner.space { q += 1 }
        return q == end || b[q] == FlatScanner.hash
    }

    func text(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[from..<to]), as: UTF8.self)
    }

    // MARK: - Bytes

    /// Printable ASCII and well-formed UTF-8 from U+00A0 up, without the byte order mark,
    /// U+FFFE/U+FFFF and the Unicode line breaks; no tabs, no control characters, no lone CR.
    func allowed(_ start: Int, _ end: Int) -> Bool {
        if ByteScan.isPrintableASCII(b.baseAddress! + start, end - start) { return true }
        var i = start
        while i < end {
            let c = b[i]
            if c >= 0x20 && c < 0x7F { i += 1; continue }
            guard c >= 0xC2 else { return false }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch c {
            case 0xC2: length = 2; low = 0xA0  // no C1 controls (U+0080–U+009F, NEL)
            case 0xC3...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED: length = 3; high = 0x9F  // no surrogates
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard i + length <= end, b[i + 1] >= low, b[i + 1] <= high else { return false }
            for k in 2..<max(length, 2) where b[i + k] & 0xC0 != 0x80 { return false }
            if c == 0xE2, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 { return false }  // LS, PS
            if c == 0xEF, b[i + 1] == 0xBB, b[i + 2] == 0xBF { return false }  // BOM
            if c == 0xEF, b[i + 1] == 0xBF, b[i + 2] >= 0xBE { return false }  // U+FFFE, U+FFFF
            i += length
        }
        return true
    }

    static func isKeyStart(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F
    }

    static func isKeyByte(_ c: UInt8) -> Bool {
        isKeyStart(c) || (c >= 0x30 && c <= 0x39) || c == dash
    }

    static func isFlowItemStart(_ c: UInt8) -> Bool {
        isKeyStart(c) || (c >= 0x30 && c <= 0x39)
    }

    static func isFlowItemByte(_ c: UInt8) -> Bool {
        isFlowItemStart(c) || c == dash || c == 0x2E
    }

    /// Characters that cannot start a plain scalar here (some can in YAML when followed by more;
    /// those go to the full reader).
    static func isIndicator(_ c: UInt8) -> Bool {
        switch c {
        case 0x2D, 0x3F, 0x3A, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x23, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x27, 0x22, 0x25, 0x40, 0x60:
            return true  // - ? : , [ ] { } # & * ! | > ' " % @ `
        default:
            return false
        }
    }
}

private extension String {
    /// `it''s` → `it's`: a single-quoted scalar's only escape.
    func replacingDoubledQuotes() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var previousWasQuote = false
        for c in utf8 {
            if c == 0x27, previousWasQuote {
                previousWasQuote = false
                continue
            }
            previousWasQuote = c == 0x27
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
