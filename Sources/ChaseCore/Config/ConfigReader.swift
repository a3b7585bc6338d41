/// Reads `.chase/config.yml` over a base config (normally `Config.default`): each section present
/// replaces the base's, each section absent keeps it. Any wrong value, unknown key or broken
/// cross-reference (a route to an agent not in the roster, a tier with an unknown review type)
/// stops with one problem naming the key and its line, so a tick can refuse the file before it
/// writes anything.
///
/// Sections: `bot`, `agents`, `routing`, `reviews`, `sla`, `rules` (the team and its rules), and
/// `notifications`, `publisher`, `dashboard`, `maintainers` (read by `ServiceSettingsReader` and
/// `PolicySettingsReader`).
public enum ConfigReader {
    public static let path = ServiceSettingsReader.path
    /// Far above any real team's config; a larger file is a mistake (or an attack), not a config.
    public static let maxBytes = 256 << 10

    public static let sections = [
        "bot", "agents", "routing", "reviews", "sla", "rules", "notifications", "publisher", "dashboard", "maintainers",
    ]

    /// The config the file's bytes describe, on top of `base`.
    public static func read(_ bytes: [UInt8], over base: Config) throws(FileProblem) -> Config {
        guard bytes.count <= maxBytes else {
            throw FileProblem(path: path, message: "the file is \(bytes.count) bytes, over the limit of \(maxBytes) bytes")
        }
        let root: YAMLNode?
        do {
            root = try YAMLReader.read(bytes)
        } catch {
            throw FileProblem(path: path, line: error.line, message: error.message)
        }
        var config = base
        guard let root else { return config }
        try apply(root: root, to: &config)
        return config
    }

    /// Applies every section of the root mapping, then checks the result as a whole.
    public static func apply(root: YAMLNode, to config: inout Config) throws(FileProblem) {
        guard case .mapping(let pairs, _) = root else {
            throw ConfigYAML.problem(root, "the config must be a mapping of sections (\(sections.joined(separator: ", ")))")
        }
        var lines = ConfigLines()
        for pair in pairs {
            let key = pair.key.text
            guard sections.contains(key) else {
                throw ConfigYAML.problem(.scalar(pair.key), "'\(key)' is not a section of the config (\(sections.joined(separator: ", ")))")
            }
            // `section:` with nothing under it (everything commented out) keeps the default.
            if pair.value.isNullScalar { continue }
            lines.sections[key] = pair.key.line
            switch key {
            case "bot": try TeamSettingsReader.bot(pair.value, into: &config)
            case "agents": config.agents = try TeamSettingsReader.agents(pair.value, lines: &lines)
            case "routing": try RoutingSettingsReader.apply(pair.value, to: &config, lines: &lines)
            case "reviews": try ReviewSettingsReader.apply(pair.value, to: &config, lines: &lines)
            case "sla": try SLASettingsReader.apply(pair.value, to: &config, lines: &lines)
            case "rules": config.rules = try RuleSwitchesReader.read(pair.value)
            default: break
            }
        }
        let services = YAMLNode.mapping(pairs.filter { !$0.value.isNullScalar }, line: root.line)
        try ServiceSettingsReader.apply(root: services, to: &config)
        try PolicySettingsReader.apply(root: services, to: &config)
        try ConfigCrossCheck.check(config, lines: lines)
    }
}

/// Where the values that name other parts of the config were written, so a broken reference is
/// reported at its line; a value the file does not set has no line (it is a default) and is
/// reported at the section whose change broke it.
struct ConfigLines {
    /// Line of each section's key.
    var sections: [String: Int] = [:]
    var agents: [Int: Int] = [:]
    var routes: [String: Int] = [:]
    var fallback: Int?
    var reviewers: [ReviewType: Int] = [:]
    var tiers: [Int: Int] = [:]
    var defaultTier: Int?
    var slaReview: [Int: [ReviewType: Int]] = [:]
    var slaTotal: [Int: Int] = [:]
}

extension YAMLNode {
    var isNullScalar: Bool {
        if case .scalar(let s) = self { return s.isNull }
        return false
    }
}
