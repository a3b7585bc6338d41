/// Reads the `bot` and `agents` sections of `.chase/config.yml`: the identity the bot commits
/// as, and the roster (a list given replaces the whole default roster).
///
/// ```yaml
/// bot:
///   name: chase-bot
///   email: chase-bot@users.noreply.github.com
/// agents:
///   - number: 2
///     name: Content Strategist
///     role: content
///     max_concurrent: 3                  # pending + in-progress tasks it may hold
///     identities: [agent02@example.com]  # git author emails that act for it (local runs)
///     github: [content-bot]              # GitHub logins that act for it (pull requests)
///     schedules: ["0 0,5,9 * * *"]       # cron, UTC
///     command: [scripts/run-agent.sh, "2"]
///     plans: false                       # may create tasks through `chase mcp` (default: agent 0 only)
/// ```
enum TeamSettingsReader {
    static let agentKeys = ["number", "name", "role", "max_concurrent", "identities", "github", "schedules", "command", "plans"]

    static func bot(_ node: YAMLNode, into config: inout Config) throws(FileProblem) {
        for (key, value) in try ConfigYAML.mapping(node, "bot") {
            let field = "bot.\(key.text)"
            switch key.text {
            case "name":
                let name = try ConfigYAML.text(value, field)
                guard !name.isEmpty, !name.contains(where: { $0 == "<" || $0 == ">" || $0.isNewline }) else {
                    throw ConfigYAML.problem(value, "\(field) must be a name without < or >")
                }
                config.botName = name
            case "email": config.botEmail = try email(value, field)
            default: throw ConfigYAML.problem(.scalar(key), "\(field) is not a setting (name, email)")
            }
        }
    }

    static func agents(_ node: YAMLNode, lines: inout ConfigLines) throws(FileProblem) -> [Agent] {
        guard case .sequence(let items, _) = node else {
            throw ConfigYAML.problem(node, "agents must be a list of agents (- number: 2 …)")
        }
        guard !items.isEmpty else { throw ConfigYAML.problem(node, "agents must list at least one agent") }
        var agents: [Agent] = []
        for item in items {
            let agent = try self.agent(item)
            if let first = lines.agents[agent.number] {
                throw ConfigYAML.problem(item, "agents: number \(agent.number) is listed twice (first at line \(first))")
            }
            lines.agents[agent.number] = item.line
            agents.append(agent)
        }
        return agents
    }

    static func agent(_ node: YAMLNode) throws(FileProblem) -> Agent {
        var number: Int?, name: String?, role = "", maxConcurrent = 3
        var identities: [String] = [], github: [String] = [], schedules: [String] = [], command: [String] = [], plans: Bool?
        for (key, value) in try ConfigYAML.mapping(node, "an agent") {
            let field = "agents.\(key.text)"
            switch key.text {
            case "number": number = try ConfigYAML.integer(value, field, in: 0...99)
            case "name":
                let text = try ConfigYAML.text(value, field)
                guard !text.isEmpty else { throw ConfigYAML.problem(value, "\(field) must not be empty") }
                name = text
            case "role": role = try ConfigYAML.text(value, field)
            case "max_concurrent":
                guard let n = Int(try ConfigYAML.text(value, field)), n >= 1, n <= 1000 else {
                    throw ConfigYAML.problem(value, "\(field) must be a whole number from 1 to 1000 (an agent with no room gets no work)")
                }
                maxConcurrent = n
            case "identities":
                identities = try ConfigYAML.list(value, field).map { (_, item) throws(FileProblem) in try email(item, field) }
            case "github":
                github = try ConfigYAML.list(value, field).map { (text, item) throws(FileProblem) in
                    guard ChangeActor.isLogin(text) else { throw ConfigYAML.problem(item, "\(field): '\(text)' is not a GitHub login") }
                    return text.hasPrefix("@") ? String(text.dropFirst()) : text
                }
            case "schedules":
                schedules = try ConfigYAML.list(value, field).map { (text, item) throws(FileProblem) in
                    do throws(CronSchedule.ParseError) {
                        return try CronSchedule(text).description
                    } catch {
                        throw ConfigYAML.problem(item, "\(field): \(error.description)")
                    }
                }
            case "command":
                command = try ConfigYAML.list(value, field).map(\.0)
                if command.first?.isEmpty == true { throw ConfigYAML.problem(value, "\(field) must start with a program") }
            case "plans":
                switch try ConfigYAML.text(value, field) {
                case "true": plans = true
                case "false": plans = false
                default: throw ConfigYAML.problem(value, "\(field) must be true or false")
                }
            default:
                throw ConfigYAML.problem(.scalar(key), "\(field) is not a setting (\(agentKeys.joined(separator: ", ")))")
            }
        }
        guard let number else { throw ConfigYAML.problem(node, "an agent needs a number") }
        guard let name else { throw ConfigYAML.problem(node, "agent \(number) needs a name") }
        var agent = Agent(number: number, name: name, role: role, maxConcurrent: maxConcurrent, identities: identities, schedules: schedules,
                          plans: plans)
        agent.command = command
        agent.github = github
        return agent
    }

    static func email(_ node: YAMLNode, _ field: String) throws(FileProblem) -> String {
        let text = try ConfigYAML.text(node, field)
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !text.contains(where: { $0 == " " || $0 == "<" || $0 == ">" }) else {
            throw ConfigYAML.problem(node, "\(field): '\(text)' is not an email address")
        }
        return text
    }
}
