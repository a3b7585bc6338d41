/// Reads the `rules` section of `.chase/config.yml`: one switch per rule, the blueprint's rollback
/// plan. A rule switched off writes nothing; the events of the commits are still derived, logged
/// and notified. A rule left out stays on.
///
/// ```yaml
/// rules:
///   routing: false     # people assign tasks by hand for now
/// ```
enum RuleSwitchesReader {
    static let names = ["intake", "routing", "reviews", "dependencies", "sla", "publishing"]

    static func read(_ node: YAMLNode) throws(FileProblem) -> RuleSwitches {
        var switches = RuleSwitches()
        for (key, value) in try ConfigYAML.mapping(node, "rules") {
            let field = "rules.\(key.text)"
            guard names.contains(key.text) else {
                throw ConfigYAML.problem(.scalar(key), "\(field) is not a rule (\(names.joined(separator: ", ")))")
            }
            let on: Bool
            switch try ConfigYAML.text(value, field) {
            case "true": on = true
            case "false": on = false
            default: throw ConfigYAML.problem(value, "\(field) must be true or false")
            }
            switch key.text {
            case "intake": switches.intake = on
            case "routing": switches.routing = on
            case "reviews": switches.reviews = on
            case "dependencies": switches.dependencies = on
            case "sla": switches.sla = on
            default: switches.publishing = on
            }
        }
        return switches
    }
}
