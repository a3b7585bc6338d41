/// A YAML value with every scalar kept as its source text: no YAML 1.1 typing
/// (`NO` stays "NO", `1.10` stays "1.10", dates stay strings).
public indirect enum YAMLNode: Equatable, Sendable {
    case scalar(YAMLScalar)
    /// A block or flow sequence; `line` is the 1-based file line where it starts.
    case sequence([YAMLNode], line: Int)
    /// A block or flow mapping, pairs in source order; `line` is the 1-based file line where it starts.
    case mapping([YAMLPair], line: Int)

    /// The scalar's text, or nil for a sequence or mapping.
    public var scalarText: String? {
        if case .scalar(let scalar) = self { return scalar.text }
        return nil
    }

    /// The 1-based line in the whole file where this value starts.
    public var line: Int {
        switch self {
        case .scalar(let scalar): return scalar.line
        case .sequence(_, let line): return line
        case .mapping(_, let line): return line
        }
    }

    /// Equality ignoring line numbers and styles (quoted and plain scalars with the same text are the
    /// same content). Null-ness is content: `key:` (null) and `key: ""` (empty string) differ.
    public func sameContent(as other: YAMLNode) -> Bool {
        switch (self, other) {
        case (.scalar(let a), .scalar(let b)):
            return a.sameContent(as: b)
        case (.sequence(let a, _), .sequence(let b, _)):
            guard a.count == b.count else { return false }
            return zip(a, b).allSatisfy { $0.sameContent(as: $1) }
        case (.mapping(let a, _), .mapping(let b, _)):
            guard a.count == b.count else { return false }
            return zip(a, b).allSatisfy { $0.key.sameContent(as: $1.key) && $0.value.sameContent(as: $1.value) }
        default:
            return false
        }
    }
}

/// One scalar as written: its text after YAML unquoting and folding, and where it is.
public struct YAMLScalar: Equatable, Sendable {
    /// The scalar's text exactly as YAML reads it, never converted to a number, bool or date.
    public var text: String
    /// Whether the scalar is unquoted (plain style).
    public var isPlain: Bool
    /// Whether the scalar is a YAML null: plain and one of "", "~", "null", "Null", "NULL".
    public var isNull: Bool
    /// The 1-based line in the whole file where the scalar starts.
    public var line: Int

    public init(text: String, isPlain: Bool = true, line: Int) {
        self.text = text
        self.isPlain = isPlain
        self.isNull = isPlain && YAMLScalar.isNullWord(text)
        self.line = line
    }

    /// Same text and null-ness, whatever the style or line.
    public func sameContent(as other: YAMLScalar) -> Bool {
        text == other.text && isNull == other.isNull
    }

    static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]

    /// `nullWords.contains(text)`, ruling most texts out by length and first byte without hashing them.
    static func isNullWord(_ text: String) -> Bool {
        let utf8 = text.utf8
        switch utf8.count {
        case 0: return true
        case 1: return utf8.first == 0x7E
        case 4: return utf8.first == 0x6E || utf8.first == 0x4E ? nullWords.contains(text) : false
        default: return false
        }
    }
}

/// One key and its value in a mapping. Keys are always scalars.
public struct YAMLPair: Equatable, Sendable {
    public var key: YAMLScalar
    public var value: YAMLNode

    public init(key: YAMLScalar, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
