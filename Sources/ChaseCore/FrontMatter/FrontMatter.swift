#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Caps that keep one hostile or broken file from costing much.
public struct FrontMatterLimits: Sendable, Equatable {
    /// The largest file read at all.
    public var maxFileBytes: Int
    /// The largest front matter block (the bytes between the delimiter lines).
    public var maxFrontMatterBytes: Int
    /// The deepest nesting of lists and maps; the top-level mapping is depth 1.
    public var maxDepth: Int
    /// The most values (scalars, lists and maps, keys included) in one front matter.
    public var maxNodes: Int

    public init(maxFileBytes: Int = 1 << 20, maxFrontMatterBytes: Int = 64 << 10, maxDepth: Int = 16,
                maxNodes: Int = 10_000) {
        self.maxFileBytes = maxFileBytes
        self.maxFrontMatterBytes = maxFrontMatterBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    public static let `default` = FrontMatterLimits()
}

/// The line ending of a file, as used by its opening delimiter line.
public enum LineEnding: String, Sendable {
    case lf = "\n"
    case crlf = "\r\n"
}

/// A file split into its front matter and body, and the front matter's top-level keys parsed.
///
/// The file format:
/// - One optional UTF-8 byte order mark, then a first line that is `---`, optionally followed by
///   spaces or tabs (`---yaml`, `--- toml` are not openings), ending in LF or CRLF.
/// - The front matter closes at the first later line that is `---` or `...`, optionally followed by
///   spaces, tabs or a CR. A missing closer is an error, not "no front matter"; a `---` after the
///   closer is body.
/// - Everything after the closing line (its line ending included) is the body, kept as is.
/// - Checks run in this order: file size, front matter size, NUL byte, UTF-8, split, YAML.
/// - Inside the front matter a CR not followed by LF, and the Unicode line breaks U+0085, U+2028 and
///   U+2029, are refused: YAML counts them as line breaks, and lines must mean the same to the reader,
///   the editor and the user.
public struct FrontMatter: Sendable {
    /// The top-level keys and their values, in file order.
    public let fields: [YAMLPair]
    /// Whether the file starts with a UTF-8 byte order mark.
    public let hasBOM: Bool
    /// The line ending of the opening delimiter line.
    public let lineEnding: LineEnding
    /// Everything after the closing delimiter line, as is. Decoded when asked for: the rules read
    /// the front matter of every file, the body of almost none.
    public var body: String { String(decoding: source[layout.body], as: UTF8.self) }
    /// The bytes parsed (an array shares its storage: no copy).
    private let source: [UInt8]
    /// The 1-based line of the closing delimiter.
    public let closingLine: Int
    /// Where the parts are in the bytes parsed.
    let layout: FrontMatterLayout

    /// The value of a top-level key, or nil when the key is absent.
    public subscript(key: String) -> YAMLNode? {
        // Lengths first: most keys differ in length, and the rules look up a dozen keys per file.
        let count = key.utf8.count
        return fields.first { $0.key.text.utf8.count == count && $0.key.text == key }?.value
    }

    /// The top-level key scalar named `key` (for its line), or nil.
    public func key(_ key: String) -> YAMLScalar? {
        fields.first { $0.key.text == key }?.key
    }

    /// Splits and parses one file's bytes. Every error thrown is a `FrontMatterError`.
    public static func parse(_ bytes: [UInt8], limits: FrontMatterLimits = .default) throws(FrontMatterError) -> FrontMatter {
        let layout = try FrontMatterLayout.split(bytes, limits: limits)
        let yaml = Array(bytes[layout.yaml])
        try refuseOddLineBreaks(yaml, firstLine: 2)
        // The flat front matter the bot and agents write has a fast reader; anything else, the full one.
        let root: YAMLNode?
        if let flat = FlatYAMLReader.read(yaml, firstLine: 2, limits: limits) {
            root = flat
        } else {
            root = try YAMLReader.read(yaml, firstLine: 2, limits: limits)
        }
        let fields: [YAMLPair]
        switch root {
        case nil:
            fields = []
        case .mapping(let pairs, _)?:
            fields = pairs
        case let node?:
            throw .notAMapping(line: node.line)
        }
        return FrontMatter(
            fields: fields, hasBOM: layout.hasBOM, lineEnding: layout.lineEnding, source: bytes,
            closingLine: layout.closingLine, layout: layout)
    }

    /// Refuses line breaks that YAML counts but a line-based reader does not: a lone CR, NEL, LS, PS.
    static func refuseOddLineBreaks(_ yaml: [UInt8], firstLine: Int) throws(FrontMatterError) {
        // Most front matter has none of the bytes that matter (CR, 0xC2, 0xE2): one quick pass says so.
        if !yaml.withUnsafeBufferPointer({ $0.count > 0 && ByteScan.contains($0.baseAddress!, $0.count, 0x0D, 0xC2, 0xE2) }) { return }
        var line = firstLine
        var i = 0
        let n = yaml.count
        while i < n {
            let b = yaml[i]
            if b == 0x0A {
                line += 1
            } else if b == 0x0D, i + 1 >= n || yaml[i + 1] != 0x0A {
                throw .syntax(line: line, message: "a carriage return (CR) without a line feed is not allowed in front matter")
            } else if (b == 0xC2 && i + 1 < n && yaml[i + 1] == 0x85)
                || (b == 0xE2 && i + 2 < n && yaml[i + 1] == 0x80 && (yaml[i + 2] == 0xA8 || yaml[i + 2] == 0xA9)) {
                throw .syntax(line: line, message: "Unicode line separators (U+0085, U+2028, U+2029) are not allowed in front matter; use \\u escapes in a double-quoted value")
            }
            i += 1
        }
    }
}

/// Byte ranges of a split file.
struct FrontMatterLayout: Sendable, Equatable {
    var hasBOM: Bool
    var lineEnding: LineEnding
    /// The front matter text: after the opening line's line ending, up to the closing line.
    var yaml: Range<Int>
    /// The closing delimiter line, its line ending included.
    var closing: Range<Int>
    var closingLine: Int
    /// Everything after the closing line.
    var body: Range<Int>

    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func split(_ bytes: [UInt8], limits: FrontMatterLimits) throws(FrontMatterError) -> FrontMatterLayout {
        if bytes.count > limits.maxFileBytes { throw .tooLarge(bytes: bytes.count, limit: limits.maxFileBytes) }
        let found = locate(bytes)
        if case .success(let layout) = found, layout.yaml.count > limits.maxFrontMatterBytes {
            throw .frontMatterTooLarge(bytes: layout.yaml.count, limit: limits.maxFrontMatterBytes)
        }
        if bytes.withUnsafeBytes({ $0.count > 0 && memchr($0.baseAddress!, 0, $0.count) != nil }) { throw .binary }
        if let offset = firstInvalidUTF8(bytes) { throw .notUTF8(byteOffset: offset) }
        return try found.get()
    }

    /// Finds the delimiters; ASCII only, so it works on any bytes.
    static func locate(_ bytes: [UInt8]) -> Result<FrontMatterLayout, FrontMatterError> {
        let n = bytes.count
        let hasBOM = n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        let start = hasBOM ? 3 : 0
        if start == n { return .failure(.empty) }
        // The opening line: "---", then only spaces or tabs, then LF or CRLF.
        guard n - start >= 3, bytes[start] == 0x2D, bytes[start + 1] == 0x2D, bytes[start + 2] == 0x2D else {
            return .failure(.missingOpening)
        }
        var i = start + 3
        while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        let lineEnding: LineEnding
        if i < n, bytes[i] == 0x0A {
            lineEnding = .lf
        } else if i + 1 < n, bytes[i] == 0x0D, bytes[i + 1] == 0x0A {
            lineEnding = .crlf
            i += 1
        } else if i == n || (i + 1 == n && bytes[i] == 0x0D) {
            return .failure(.missingClosing(openedAt: 1))
        } else {
            return .failure(.missingOpening)
        }
        let yamlStart = i + 1
        var lineStart = yamlStart
        var line = 2
        while lineStart < n {
            let lineEnd = bytes.withUnsafeBufferPointer { buf -> Int in
                guard let found = memchr(buf.baseAddress! + lineStart, 0x0A, n - lineStart) else { return n }
                return buf.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            let next = lineEnd < n ? lineEnd + 1 : n
            if isClosing(bytes, lineStart, lineEnd) {
                return .success(FrontMatterLayout(
                    hasBOM: hasBOM, lineEnding: lineEnding, yaml: yamlStart..<lineStart, closing: lineStart..<next,
                    closingLine: line, body: next..<n))
            }
            lineStart = next
            line += 1
        }
        return .failure(.missingClosing(openedAt: 1))
    }

    /// A line that is exactly `---` or `...`, then only spaces, tabs or CR.
    static func isClosing(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        guard end - start >= 3 else { return false }
        let c = bytes[start]
        guard c == 0x2D || c == 0x2E, bytes[start + 1] == c, bytes[start + 2] == c else { return false }
        var i = start + 3
        while i < end {
            let b = bytes[i]
            guard b == 0x20 || b == 0x09 || b == 0x0D else { return false }
            i += 1
        }
        return true
    }

    /// The offset of the first byte that is not part of well-formed UTF-8 (no overlong forms, no
    /// surrogates, nothing above U+10FFFF), or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8($0) }
    }

    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        var i = 0
        while i < n {
            // Eight ASCII bytes at a time: most of a Markdown file.
            if i + 8 <= n, UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + 1 < n, bytes[i + 1] >= low, bytes[i + 1] <= high else { return i }
            for k in 2..<length {
                guard i + k < n, bytes[i + k] & 0xC0 == 0x80 else { return i }
            }
            i += length
        }
        return nil
    }
}
