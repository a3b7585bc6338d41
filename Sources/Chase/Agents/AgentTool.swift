import ChaseCore
import Foundation

/// One tool of `chase mcp`: its name, what it is for, its input schema (JSON Schema, as MCP lists
/// it) and the code that runs it. A tool answers JSON text or throws `AgentRefusal`. Nothing here
/// knows MCP: `chase-mcp` lists each tool from its `AgentToolListing`.
struct AgentTool: Sendable {
    var name: String
    var description: String
    var properties: [String: ToolValue]
    var required: [String] = []
    /// Whether it writes to the queue (a commit on the branch).
    var writes: Bool
    var run: @Sendable (AgentDesk, ToolArguments) throws -> String

    var listing: AgentToolListing {
        let schema: ToolValue = .object([
            "type": "object",
            "properties": .object(properties),
            "required": .array(required.map { .string($0) }),
            "additionalProperties": false,
        ])
        return AgentToolListing(name: name, description: description, inputSchema: schema, writes: writes)
    }

    static func text(_ description: String) -> ToolValue { .object(["type": "string", "description": .string(description)]) }
    static func choice(_ description: String, _ values: [String]) -> ToolValue {
        .object(["type": "string", "description": .string(description), "enum": .array(values.map { .string($0) })])
    }
    static func integer(_ description: String) -> ToolValue { .object(["type": "integer", "description": .string(description)]) }
    static func list(_ description: String) -> ToolValue {
        .object(["type": "array", "items": .object(["type": "string"]), "description": .string(description)])
    }
}

/// A tool as a client sees it listed: name, purpose, input schema (JSON Schema) and whether it writes.
public struct AgentToolListing: Sendable, Equatable {
    public var name: String
    public var description: String
    public var inputSchema: ToolValue
    /// Whether it writes to the queue (a commit on the branch).
    public var writes: Bool
}

/// Why a tool did nothing, said so the agent can act on it; MCP gets it as a tool error (`isError`).
public struct AgentRefusal: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A tool's arguments, read with a clear refusal for each thing wrong with them.
struct ToolArguments {
    let values: [String: ToolValue]
    let allowed: Set<String>

    init(_ values: [String: ToolValue]?, allowed: Set<String>) throws {
        self.values = values ?? [:]
        self.allowed = allowed
        let unknown = self.values.keys.filter { !allowed.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw AgentRefusal("unknown argument\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")); this tool takes "
                + (allowed.isEmpty ? "none" : allowed.sorted().joined(separator: ", ")))
        }
    }

    func text(_ key: String) throws -> String? {
        guard let value = values[key], value != .null else { return nil }
        guard let text = value.stringValue else { throw AgentRefusal("\(key) must be a string") }
        return text
    }

    func requiredText(_ key: String) throws -> String {
        guard let text = try text(key) else { throw AgentRefusal("\(key) is required") }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw AgentRefusal("\(key) must not be empty") }
        return text
    }

    func integer(_ key: String) throws -> Int? {
        guard let value = values[key], value != .null else { return nil }
        if let n = value.intValue { return n }
        if let d = value.doubleValue, d == d.rounded(), abs(d) < 1e9 { return Int(d) }
        if let s = value.stringValue, let n = Int(s) { return n }
        throw AgentRefusal("\(key) must be a whole number")
    }

    func list(_ key: String) throws -> [String] {
        guard let value = values[key], value != .null else { return [] }
        guard let items = value.arrayValue else { throw AgentRefusal("\(key) must be a list of strings") }
        return try items.map { item in
            guard let s = item.stringValue else { throw AgentRefusal("\(key) must be a list of strings") }
            return s
        }
    }

    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws -> T? where T.RawValue == String {
        guard let text = try text(key) else { return nil }
        guard let value = T(rawValue: text) else {
            throw AgentRefusal("\(key) '\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}

/// The JSON of every answer: sorted keys, ISO 8601 times, no escaped slashes.
enum AgentJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, enc in
            var c = enc.singleValueContainer()
            try c.encode(Timestamp.format(date))
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
