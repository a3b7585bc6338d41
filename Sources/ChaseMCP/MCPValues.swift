import Chase
import Foundation
import MCP

/// The desk's MCP-free values as the SDK's types, and back: JSON values, tool listings,
/// resources, and the desk's errors as protocol errors.
enum MCPValues {
    static func toolValue(_ value: Value) -> ToolValue {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let n): .int(n)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .data: .string(value.description)  // the SDK reads a `data:` URL string as data; a tool sees the string it was sent
        case .array(let items): .array(items.map(toolValue))
        case .object(let fields): .object(fields.mapValues(toolValue))
        }
    }

    static func value(_ value: ToolValue) -> Value {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let n): .int(n)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .array(let items): .array(items.map(Self.value))
        case .object(let fields): .object(fields.mapValues(Self.value))
        }
    }

    static func tool(_ listing: AgentToolListing) -> Tool {
        Tool(name: listing.name, description: listing.description, inputSchema: value(listing.inputSchema),
             annotations: .init(readOnlyHint: !listing.writes, destructiveHint: listing.writes ? false : nil,
                                idempotentHint: listing.writes ? nil : true, openWorldHint: false))
    }

    static func resource(_ r: AgentResource) -> Resource {
        Resource(name: r.name, uri: r.uri, title: r.title, description: r.description, mimeType: "text/markdown")
    }

    /// Runs a resource read: a refusal (an unknown resource or cursor) is invalid params, a queue
    /// that cannot be read an internal error.
    static func protocolErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let refusal as AgentRefusal {
            throw MCPError.invalidParams(refusal.description)
        } catch let error as ChaseError {
            throw MCPError.internalError(error.description)
        }
    }
}
