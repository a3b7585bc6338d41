/// The 1-based file line of each top-level key of a task file, for messages that point at a key.
/// It reads like a `[String: Int]` (`lines["depends_on"]`), but keeps the file's (key, line) pairs
/// in an array, as they come: one is built for every task of a queue and holds a dozen keys, which
/// a linear search finds without hashing any. Equality ignores the order, as a dictionary's does.
public struct KeyLines: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// One key and its line.
    public struct Pair: Sendable, Hashable {
        public var key: String
        public var line: Int
        public init(key: String, line: Int) { self.key = key; self.line = line }
    }

    /// The pairs in file order, each key once.
    public private(set) var pairs: [Pair]

    public init(_ pairs: [Pair] = []) {
        var unique: [Pair] = []
        unique.reserveCapacity(pairs.count)
        for pair in pairs {
            // As a dictionary would: the last line given for a key wins.
            if let i = unique.firstIndex(where: { $0.key == pair.key }) { unique[i].line = pair.line } else { unique.append(pair) }
        }
        self.pairs = unique
    }

    /// Pairs whose keys are known to be unique (a parsed front matter's).
    init(uniquePairs pairs: [Pair]) {
        self.pairs = pairs
    }

    public init(dictionaryLiteral elements: (String, Int)...) {
        self.init(elements.map { Pair(key: $0.0, line: $0.1) })
    }

    public subscript(key: String) -> Int? {
        get { pairs.first { $0.key == key }?.line }
        set {
            if let i = pairs.firstIndex(where: { $0.key == key }) {
                if let newValue { pairs[i].line = newValue } else { pairs.remove(at: i) }
            } else if let newValue {
                pairs.append(Pair(key: key, line: newValue))
            }
        }
    }

    public var count: Int { pairs.count }
    public var isEmpty: Bool { pairs.isEmpty }

    public static func == (a: KeyLines, b: KeyLines) -> Bool {
        a.pairs.count == b.pairs.count && a.pairs.allSatisfy { pair in b[pair.key] == pair.line }
    }

    public func hash(into hasher: inout Hasher) {
        // Order-free, like the equality: the pairs' hashes combined commutatively.
        var combined = 0
        for pair in pairs { combined = combined &+ pair.hashValue }
        hasher.combine(pairs.count)
        hasher.combine(combined)
    }
}
