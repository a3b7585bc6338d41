import Foundation

/// Reads typed values out of front matter fields, collecting every problem with its
/// file, key and line instead of stopping at the first.
struct FieldReader {
    let frontMatter: FrontMatter
    let path: String
    private(set) var problems: [FileProblem] = []

    init(_ frontMatter: FrontMatter, path: String) {
        self.frontMatter = frontMatter
        self.path = path
    }

    func line(_ key: String) -> Int? { frontMatter[key]?.line }

    mutating func fail(_ key: String, _ message: String) {
        problems.append(FileProblem(path: path, line: line(key) ?? 1, message: message))
    }

    /// A scalar's text; nil when absent or null. A list or map where a scalar belongs is a problem.
    mutating func text(_ key: String, required: Bool = false) -> String? {
        guard let node = frontMatter[key] else {
            if required { problems.append(FileProblem(path: path, line: 1, message: "missing required key '\(key)'")) }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            fail(key, "'\(key)' must be a single value, not a list or map")
            return nil
        }
        if scalar.isNull {
            if required { fail(key, "'\(key)' must not be empty") }
            return nil
        }
        let trimmed = scalar.text.trimmingWhitespace()
        if trimmed.isEmpty {
            if required { fail(key, "'\(key)' must not be empty") }
            return nil
        }
        return trimmed
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type, required: Bool = false) -> E?
    where E.RawValue == String {
        guard let raw = text(key, required: required) else { return nil }
        if let value = E(rawValue: raw) { return value }
        let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
        fail(key, "'\(key)' is '\(raw)'; expected one of \(allowed)")
        return nil
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>, required: Bool = false) -> Int? {
        guard let raw = text(key, required: required) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            fail(key, "'\(key)' is '\(raw)'; expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func date(_ key: String, required: Bool = false) -> Date? {
        guard let raw = text(key, required: required) else { return nil }
        guard let value = Timestamp.parse(raw) else {
            fail(key, Timestamp.notATime(raw, name: key))
            return nil
        }
        return value
    }

    /// A list of scalars, written as a flow list, a block list, or a single value.
    mutating func list(_ key: String) -> [String] {
        guard let node = frontMatter[key] else { return [] }
        switch node {
        case .scalar(let scalar):
            if scalar.isNull { return [] }
            return [scalar.text.trimmingWhitespace()]
        case .sequence(let items, _):
            var out: [String] = []
            for item in items {
                guard let text = item.scalarText else {
                    fail(key, "'\(key)' must be a list of ids")
                    return []
                }
                out.append(text.trimmingWhitespace())
            }
            return out
        case .mapping:
            fail(key, "'\(key)' must be a list of ids, not a map")
            return []
        }
    }
}

extension String {
    /// `trimmingCharacters(in: .whitespaces)`, without Foundation's cost when there is nothing to
    /// trim: the set (Unicode Zs and tab) has no other ASCII member than space and tab, so a text
    /// whose first and last bytes are other ASCII characters is returned as it is.
    func trimmingWhitespace() -> String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first < 0x80, first != 0x20, first != 0x09, last < 0x80, last != 0x20, last != 0x09 { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}
