/// A JSON value as the agent desk reads a tool's arguments and writes its input schema. The desk
/// and its tools use it instead of the MCP SDK's `Value`, so `chase` links no MCP (and none of the
/// SDK's network stack); `chase-mcp` converts between the two at the protocol's edge.
public enum ToolValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([ToolValue])
    case object([String: ToolValue])

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var intValue: Int? { if case .int(let n) = self { n } else { nil } }
    public var doubleValue: Double? { if case .double(let d) = self { d } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var arrayValue: [ToolValue]? { if case .array(let a) = self { a } else { nil } }
    public var objectValue: [String: ToolValue]? { if case .object(let o) = self { o } else { nil } }
}

extension ToolValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringInterpolation, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: ToolValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, ToolValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
