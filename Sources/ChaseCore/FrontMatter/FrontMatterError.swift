/// One file's front matter error: the line (1-based, in the file) when known, and a one-line
/// message a user can act on.
///
/// Explicit YAML tags (`!!binary`, `!custom`, a bare `!`) are refused with `tagNotAllowed`: a value
/// is always text, and a tag would silently change how a reader of the file sees it.
public enum FrontMatterError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLarge(bytes: Int, limit: Int)
    /// The file contains a NUL byte.
    case binary
    case notUTF8(byteOffset: Int)
    case empty
    /// The first line (after one optional BOM) is not `---`.
    case missingOpening
    /// No closing `---` or `...` line after the opening one.
    case missingClosing(openedAt: Int)
    case frontMatterTooLarge(bytes: Int, limit: Int)
    /// The YAML does not parse; `message` is the YAML parser's own problem text.
    case syntax(line: Int, message: String)
    /// Anchors (`&a`) and aliases (`*a`) are refused before any value is built.
    case anchorOrAlias(line: Int)
    /// Explicit tags (`!!str`, `!x`) are refused.
    case tagNotAllowed(line: Int)
    case duplicateKey(key: String, line: Int, firstLine: Int)
    /// The front matter's top level is not a mapping.
    case notAMapping(line: Int)
    /// A mapping key that is a list or a map.
    case complexKey(line: Int)
    case tooDeep(line: Int, limit: Int)
    case tooManyNodes(limit: Int)
    /// The editor could not make a safe edit of `key`.
    case editFailed(key: String, reason: String)

    /// The 1-based file line the error is about, when there is one.
    public var line: Int? {
        switch self {
        case .missingOpening: return 1
        case .missingClosing(let line): return line
        case .syntax(let line, _), .anchorOrAlias(let line), .tagNotAllowed(let line), .notAMapping(let line),
             .complexKey(let line), .tooDeep(let line, _):
            return line
        case .duplicateKey(_, let line, _): return line
        case .tooLarge, .binary, .notUTF8, .empty, .frontMatterTooLarge, .tooManyNodes, .editFailed:
            return nil
        }
    }

    /// The message without the line prefix.
    public var message: String {
        switch self {
        case .tooLarge(let bytes, let limit):
            return "the file is \(bytes) bytes, over the limit of \(limit) bytes"
        case .binary:
            return "the file contains a NUL byte; it looks binary, not a Markdown file"
        case .notUTF8(let offset):
            return "the file is not valid UTF-8 (first bad byte at offset \(offset))"
        case .empty:
            return "the file is empty; it must start with a '---' line opening the front matter"
        case .missingOpening:
            return "the file must start with a line that is exactly '---' opening the front matter"
        case .missingClosing:
            return "the front matter opened here is never closed; add a '---' line after it"
        case .frontMatterTooLarge(let bytes, let limit):
            return "the front matter is \(bytes) bytes, over the limit of \(limit) bytes"
        case .syntax(_, let message):
            return "YAML syntax error: \(message)"
        case .anchorOrAlias:
            return "YAML anchors (&name) and aliases (*name) are not allowed; write the value out"
        case .tagNotAllowed:
            return "YAML tags (!tag) are not allowed; quote the value if it starts with '!'"
        case .duplicateKey(let key, _, let firstLine):
            return "duplicate key '\(FrontMatterError.oneLine(key))' (first at line \(firstLine))"
        case .notAMapping:
            return "the front matter must be a mapping of 'key: value' lines"
        case .complexKey:
            return "a key must be a single value, not a list or map"
        case .tooDeep(_, let limit):
            return "the front matter nests deeper than \(limit) levels"
        case .tooManyNodes(let limit):
            return "the front matter has more than \(limit) values"
        case .editFailed(let key, let reason):
            return "could not safely edit key '\(FrontMatterError.oneLine(key))': \(reason)"
        }
    }

    /// One line, e.g. "line 7: duplicate key 'status' (first at line 3)".
    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }

    static func oneLine(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{85}" || scalar == "\u{2028}"
                    || scalar == "\u{2029}" {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
