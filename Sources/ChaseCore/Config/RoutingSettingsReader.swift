/// Reads the `routing` section of `.chase/config.yml`: which agents may take a task, by its
/// content type (content tasks) or its type (the others), first with room wins; and where a task
/// no route matches goes. A `routes` table given replaces the whole default table.
///
/// ```yaml
/// routing:
///   routes:
///     tweet: [2]
///     discord: [3, 0]     # agent 03, or the coordinator when 03 is full
///     asset: 6            # one agent needs no brackets
///   fallback: [0]
/// ```
enum RoutingSettingsReader {
    static func apply(_ node: YAMLNode, to config: inout Config, lines: inout ConfigLines) throws(FileProblem) {
        for (key, value) in try ConfigYAML.mapping(node, "routing") {
            switch key.text {
            case "routes":
                var routes: [String: [Int]] = [:]
                lines.routes = [:]
                for (route, agents) in try ConfigYAML.mapping(value, "routing.routes") {
                    // Content types are matched in lower case, so `Tweet` and `tweet` are one route.
                    let name = route.text.lowercased()
                    guard !name.isEmpty, !name.contains(where: \.isWhitespace) else {
                        throw ConfigYAML.problem(.scalar(route), "routing.routes: '\(route.text)' is not a content type or task type")
                    }
                    if let first = lines.routes[name] {
                        throw ConfigYAML.problem(.scalar(route), "routing.routes: '\(route.text)' is the same route as line \(first) (routes are matched in lower case)")
                    }
                    routes[name] = try candidates(agents, "routing.routes.\(route.text)")
                    lines.routes[name] = route.line
                }
                config.routes = routes
            case "fallback":
                config.fallbackRoute = try candidates(value, "routing.fallback")
                lines.fallback = value.line
            default:
                throw ConfigYAML.problem(.scalar(key), "routing.\(key.text) is not a setting (routes, fallback)")
            }
        }
    }

    /// `[2, 3]` or `2`: agent numbers, in the order they are tried.
    static func candidates(_ node: YAMLNode, _ field: String) throws(FileProblem) -> [Int] {
        let items: [(String, YAMLNode)]
        if let text = node.scalarText, !node.isNullScalar {
            items = [(text, node)]
        } else {
            items = try ConfigYAML.list(node, field)
        }
        guard !items.isEmpty else { throw ConfigYAML.problem(node, "\(field) must name at least one agent") }
        var out: [Int] = []
        for (text, item) in items {
            guard let n = Int(text), (0...99).contains(n) else {
                throw ConfigYAML.problem(item, "\(field): '\(text)' is not an agent number")
            }
            guard !out.contains(n) else { throw ConfigYAML.problem(item, "\(field) names agent \(n) twice") }
            out.append(n)
        }
        return out
    }
}
