import CYaml

/// Reads one YAML document into a `YAMLNode` from libyaml's event stream, refusing what the
/// front matter does not allow before any value is built: anchors, aliases and tags, nesting deeper
/// than `limits.maxDepth`, more than `limits.maxNodes` values, non-scalar keys and duplicate keys
/// (at any level).
public enum YAMLReader {
    /// Reads `yaml` (UTF-8) and returns its single document's root, or nil when the text holds no
    /// document (empty, or only comments and blank lines). `firstLine` is the 1-based file line of the
    /// text's first line; every line reported (in nodes and errors) is a file line.
    ///
    /// The reader itself accepts any root; `FrontMatter` requires a mapping.
    public static func read(
        _ yaml: [UInt8], firstLine: Int = 1, limits: FrontMatterLimits = .default
    ) throws(FrontMatterError) -> YAMLNode? {
        var events = 0
        return try read(yaml, firstLine: firstLine, limits: limits, events: &events)
    }

    /// `read`, telling in `events` how many of libyaml's events it took before it answered: the
    /// work done, which the limits bound whatever the text's length (a refusal comes at the first
    /// event past a limit, not at the end of the text).
    public static func read(
        _ yaml: [UInt8], firstLine: Int = 1, limits: FrontMatterLimits = .default, events: inout Int
    ) throws(FrontMatterError) -> YAMLNode? {
        events = 0
        if yaml.isEmpty { return nil }
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw .syntax(line: firstLine, message: "the YAML parser could not start")
        }
        defer { yaml_parser_delete(parser) }
        let result: Result<YAMLNode?, FrontMatterError> = yaml.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var builder = Builder(firstLine: firstLine, limits: limits)
            defer { events = builder.events }
            do throws(FrontMatterError) {
                return .success(try builder.run(parser, yaml: buffer))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// Builds nodes from events with an explicit stack, so nesting never recurses.
private struct Builder {
    let firstLine: Int
    let limits: FrontMatterLimits

    struct Frame {
        var isMapping: Bool
        var line: Int
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLScalar?
        var seen: [String: Int] = [:]
    }

    var stack: [Frame] = []
    var root: YAMLNode?
    var nodes = 0
    var documents = 0
    /// Events parsed so far.
    var events = 0

    init(firstLine: Int, limits: FrontMatterLimits) {
        self.firstLine = firstLine
        self.limits = limits
    }

    func fileLine(_ mark: yaml_mark_t) -> Int { Int(mark.line) + firstLine }

    mutating func run(
        _ parser: UnsafeMutablePointer<yaml_parser_t>, yaml: UnsafeBufferPointer<UInt8>
    ) throws(FrontMatterError) -> YAMLNode? {
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else {
                throw syntaxError(parser.pointee, yaml: yaml)
            }
            events += 1
            // Every successfully parsed event is freed, whatever `handle` does.
            let done: Bool
            do {
                defer { yaml_event_delete(&event) }
                done = try handle(&event)
            }
            if done { return root }
        }
    }

    /// Handles one event; true at the end of the stream.
    mutating func handle(_ event: inout yaml_event_t) throws(FrontMatterError) -> Bool {
        let line = fileLine(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT, YAML_NO_EVENT:
            return false
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw .syntax(line: line, message: "more than one YAML document; front matter holds exactly one")
            }
            return false
        case YAML_ALIAS_EVENT:
            throw .anchorOrAlias(line: line)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            if data.anchor != nil { throw .anchorOrAlias(line: line) }
            if data.tag != nil { throw .tagNotAllowed(line: line) }
            try countNode()
            let text: String
            if let value = data.value, data.length > 0 {
                text = String(decoding: UnsafeBufferPointer(start: value, count: Int(data.length)), as: UTF8.self)
            } else {
                text = ""
            }
            let scalar = YAMLScalar(text: text, isPlain: data.style == YAML_PLAIN_SCALAR_STYLE, line: line)
            try attach(scalar: scalar)
            return false
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            if data.anchor != nil { throw .anchorOrAlias(line: line) }
            if data.tag != nil { throw .tagNotAllowed(line: line) }
            try open(Frame(isMapping: false, line: line), line: line)
            return false
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            if data.anchor != nil { throw .anchorOrAlias(line: line) }
            if data.tag != nil { throw .tagNotAllowed(line: line) }
            try open(Frame(isMapping: true, line: line), line: line)
            return false
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else {
                throw .syntax(line: line, message: "unbalanced collection end")
            }
            try attach(node: frame.isMapping ? .mapping(frame.pairs, line: frame.line) : .sequence(frame.items, line: frame.line))
            return false
        default:
            return false
        }
    }

    mutating func countNode() throws(FrontMatterError) {
        nodes += 1
        if nodes > limits.maxNodes { throw .tooManyNodes(limit: limits.maxNodes) }
    }

    mutating func open(_ frame: Frame, line: Int) throws(FrontMatterError) {
        if let top = stack.last, top.isMapping, top.pendingKey == nil { throw .complexKey(line: line) }
        if stack.count + 1 > limits.maxDepth { throw .tooDeep(line: line, limit: limits.maxDepth) }
        try countNode()
        stack.append(frame)
    }

    mutating func attach(scalar: YAMLScalar) throws(FrontMatterError) {
        let top = stack.count - 1
        if top >= 0, stack[top].isMapping, stack[top].pendingKey == nil {
            if let first = stack[top].seen[scalar.text] {
                throw .duplicateKey(key: scalar.text, line: scalar.line, firstLine: first)
            }
            stack[top].seen[scalar.text] = scalar.line
            stack[top].pendingKey = scalar
            return
        }
        try attach(node: .scalar(scalar))
    }

    /// Attaches a finished value to its parent (a key's value, a sequence item, or the root).
    mutating func attach(node: YAMLNode) throws(FrontMatterError) {
        let top = stack.count - 1
        guard top >= 0 else {
            root = node
            return
        }
        if !stack[top].isMapping {
            stack[top].items.append(node)
        } else if let key = stack[top].pendingKey {
            stack[top].pairs.append(YAMLPair(key: key, value: node))
            stack[top].pendingKey = nil
        } else {
            // Collections as keys are refused when they open; this is not reachable.
            throw .complexKey(line: node.line)
        }
    }

    func syntaxError(_ parser: yaml_parser_t, yaml: UnsafeBufferPointer<UInt8>) -> FrontMatterError {
        var message = parser.problem.map { String(cString: $0) } ?? "the YAML could not be read"
        if message.hasPrefix("Maximum nesting level") {
            // libyaml's own cap (far above ours) can fire while it looks ahead over a run of `[`.
            return .tooDeep(line: fileLine(parser.problem_mark), limit: limits.maxDepth)
        }
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " (\(context) at line \(fileLine(parser.context_mark)))"
        }
        let line: Int
        if parser.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset, not a mark.
            let offset = min(parser.problem_offset, yaml.count)
            line = firstLine + yaml[0..<offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        } else {
            line = fileLine(parser.problem_mark)
        }
        return .syntax(line: line, message: message)
    }
}
