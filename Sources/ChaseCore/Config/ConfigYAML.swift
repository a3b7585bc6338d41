import Foundation

/// The typed accessors every reader of `.chase/config.yml` uses: each turns a YAML node into a
/// value or a `FileProblem` naming the key and its line.
enum ConfigYAML {
    static let path = ".chase/config.yml"

    static func problem(_ node: YAMLNode, _ message: String) -> FileProblem {
        FileProblem(path: path, line: node.line, message: message)
    }

    static func mapping(_ node: YAMLNode, _ what: String) throws(FileProblem) -> [(YAMLScalar, YAMLNode)] {
        guard case .mapping(let pairs, _) = node else { throw problem(node, "\(what) must be a mapping of settings") }
        return pairs.map { ($0.key, $0.value) }
    }

    static func text(_ node: YAMLNode, _ field: String) throws(FileProblem) -> String {
        guard let s = node.scalarText else { throw problem(node, "\(field) must be a single value") }
        return s
    }

    static func integer(_ node: YAMLNode, _ field: String, in range: ClosedRange<Int>) throws(FileProblem) -> Int {
        guard let n = Int(try text(node, field)), range.contains(n) else {
            throw problem(node, "\(field) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    /// `30s`, `5m`, `2h`, `1d`, or plain seconds.
    static func duration(_ node: YAMLNode, _ field: String) throws(FileProblem) -> TimeInterval {
        let s = try text(node, field)
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        let unit = s.last.flatMap { units[$0] }
        let number = unit == nil ? s : String(s.dropLast())
        guard let value = Double(number), value > 0, value.isFinite else {
            throw problem(node, "\(field) must be a duration like 30s, 5m or 2h")
        }
        return value * (unit ?? 1)
    }

    static func list(_ node: YAMLNode, _ field: String) throws(FileProblem) -> [(String, YAMLNode)] {
        guard case .sequence(let items, _) = node else { throw problem(node, "\(field) must be a list like [a, b]") }
        var out: [(String, YAMLNode)] = []
        for item in items {
            guard let s = item.scalarText else { throw problem(item, "\(field) must list single values") }
            out.append((s, item))
        }
        return out
    }
}
