/// The checks across sections of a config read from a file: every agent a route, a reviewer or a
/// recipient names is in the roster; every review type a tier asks for has a reviewer; the default
/// tier exists and an SLA written names only a type its tier asks for; no email acts for two
/// agents or for the bot. A value taken from the defaults is reported at the section that broke it.
enum ConfigCrossCheck {
    static func check(_ config: Config, lines: ConfigLines) throws(FileProblem) {
        let roster = Set(config.agents.map(\.number))
        let rosterLine = lines.sections["agents"]
        func problem(_ line: Int?, _ message: String) -> FileProblem {
            FileProblem(path: ConfigReader.path, line: line, message: message)
        }
        func unknown(_ agent: Int, _ what: String, at line: Int?) -> FileProblem {
            let listed = config.agents.map(\.number).sorted().map(ChangePolicy.two).joined(separator: ", ")
            let source = line == nil ? " (a default)" : ""
            return problem(line ?? rosterLine, "\(what)\(source) names agent \(ChangePolicy.two(agent)), which is not in agents (\(listed))")
        }

        for route in config.routes.keys.sorted() {
            for agent in config.routes[route]! where !roster.contains(agent) {
                throw unknown(agent, "routing.routes.\(route)", at: lines.routes[route])
            }
        }
        for agent in config.fallbackRoute where !roster.contains(agent) {
            throw unknown(agent, "routing.fallback", at: lines.fallback)
        }
        for type in ReviewType.allCases {
            if let agent = config.reviewers[type], !roster.contains(agent) {
                throw unknown(agent, "reviews.reviewers.\(type.rawValue)", at: lines.reviewers[type])
            }
        }
        // A recipient's agent only says who it is: checked where the file names it, not in the defaults.
        if let line = lines.sections["notifications"] {
            for recipient in config.notifications.recipients {
                if let agent = recipient.agent, !roster.contains(agent) {
                    throw unknown(agent, "notifications recipient '\(recipient.name)'", at: line)
                }
            }
        }

        let reviewersLine = lines.sections["reviews"]
        for tier in config.tiers.keys.sorted() {
            for type in config.tiers[tier]!.stages.joined() where config.reviewers[type] == nil {
                throw problem(lines.tiers[tier] ?? reviewersLine,
                              "reviews.tiers.\(tier) asks for a \(type.rawValue) review, but reviews.reviewers names no agent for \(type.rawValue)")
            }
        }
        if config.tiers[config.defaultReviewTier] == nil {
            throw problem(lines.defaultTier ?? reviewersLine, "reviews.default_tier \(config.defaultReviewTier) is not one of reviews.tiers")
        }
        // Only limits the file writes: a default limit that a changed tier no longer uses is harmless.
        for (tier, written) in lines.slaReview.sorted(by: { $0.key < $1.key }) {
            let asked = Set((config.tiers[tier]?.stages ?? []).joined())
            for (type, line) in written.sorted(by: { $0.value < $1.value }) where !asked.contains(type) {
                throw problem(line, "sla.review.\(tier).\(type.rawValue): tier \(tier) asks for no \(type.rawValue) review (see reviews.tiers)")
            }
        }

        var owner: [String: Int] = [:]
        for agent in config.agents {
            for identity in agent.identities {
                let email = identity.lowercased()
                if config.bot.matches(email: email) {
                    throw problem(lines.agents[agent.number], "agents: \(identity) is the bot's email (bot.email); an agent cannot act as the bot")
                }
                if let other = owner[email], other != agent.number {
                    throw problem(lines.agents[agent.number],
                                  "agents: \(identity) acts for agent \(ChangePolicy.two(other)) already; one email acts for one agent")
                }
                owner[email] = agent.number
            }
            for login in agent.github {
                let key = "@" + ChangeActor.normalizedLogin(login)
                if let other = owner[key], other != agent.number {
                    throw problem(lines.agents[agent.number],
                                  "agents: \(login) acts for agent \(ChangePolicy.two(other)) already; one login acts for one agent")
                }
                owner[key] = agent.number
            }
        }
    }
}
