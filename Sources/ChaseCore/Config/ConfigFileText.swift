import Foundation

/// A config written out as `.chase/config.yml`, every setting spelled out with a comment saying
/// what it does: what `chase init` writes (with `Config.default`), and what `ConfigReader` reads
/// back into the same config.
public enum ConfigFileText {
    public static func render(_ config: Config) -> String {
        var out: [String] = [
            "# Chase: the team, its rules and its services. Written by `chase init` with the built-in",
            "# defaults (the blueprint's tables); change what your team does differently.",
            "# A section left out keeps its default; a table written (agents, routes, tiers, SLAs,",
            "# recipients) replaces the default table. Durations: 30s, 15m, 2h, 1d. Times are UTC.",
            "",
            "# Who the bot's commits are from. Its email must be no agent's and no person's.",
            "bot:",
            "  name: \(scalar(config.botName))",
            "  email: \(scalar(config.botEmail))",
            "",
            "# The team. number: 0-99, as tasks name it in `assignee`. max_concurrent: how many pending",
            "# and in-progress tasks it may hold before routing passes it over. identities: the git author",
            "# emails that act for it in local `chase validate` runs (a claim: anyone can set an email).",
            "# github: the GitHub logins that act for it (`chase validate --actor`, what GitHub vouches for).",
            "# schedules: cron (UTC) of its scheduled runs. command: what the agents workflow runs for it",
            "# (its work list's files last).",
            "# plans: true lets it create tasks through `chase mcp` (agent 0, the coordinator, does by default).",
            "agents:",
        ]
        for agent in config.agents {
            out += [
                "  - number: \(agent.number)",
                "    name: \(scalar(agent.name))",
                "    role: \(scalar(agent.role))",
                "    max_concurrent: \(agent.maxConcurrent)",
                "    identities: \(flow(agent.identities))",
                "    github: \(flow(agent.github))",
                "    schedules: \(flow(agent.schedules, quoted: true))",
                "    command: \(flow(agent.command))",
            ]
            if agent.plans != (agent.number == 0) { out.append("    plans: \(agent.plans)") }
        }
        out += [
            "",
            "# Who gets a new task: the agents of its route, in order, the first with room. Content tasks",
            "# route by content_type (then by `content`), the others by type (lore, asset, analytics, ops).",
            "# A task no route matches goes to the fallback. With no room anywhere it waits, unassigned,",
            "# and is tried again on every tick. An assignee written by a person is never changed.",
            "routing:",
            "  routes:",
        ]
        let routeOrder = config.routes.keys.sorted { a, b in
            let ra = config.routes[a]!.first ?? 0, rb = config.routes[b]!.first ?? 0
            return ra != rb ? ra < rb : a < b
        }
        for route in routeOrder { out.append("    \(scalar(route)): \(numbers(config.routes[route]!))") }
        out += [
            "  fallback: \(numbers(config.fallbackRoute))",
            "",
            "# Reviews of a complete content task, by its review_tier (default_tier when it names none).",
            "# A tier is a list of stages: the types in one [ ] run in parallel, and a stage starts once",
            "# every review of the one before approved. The last stage's approval approves the task",
            "# (scheduled, when it has scheduled_at). changes_requested or rejected sends it back to",
            "# in_progress with the next revision. reviewers: the agent that does each type.",
            "reviews:",
            "  default_tier: \(config.defaultReviewTier)",
            "  reviewers:",
        ]
        for type in ReviewType.allCases {
            if let agent = config.reviewers[type] { out.append("    \(type.rawValue): \(agent)") }
        }
        out.append("  tiers:")
        for tier in config.tiers.keys.sorted() {
            let stages = config.tiers[tier]!.stages.map { stage in
                stage.count == 1 ? stage[0].rawValue : "[" + stage.map(\.rawValue).joined(separator: ", ") + "]"
            }
            out.append("    \(tier): [\(stages.joined(separator: ", "))]")
        }
        out += [
            "",
            "# SLAs. review: how long a review of each type may stay pending, per tier. total_review: how",
            "# long one round of a tier's reviews may take. open_task: how long a task of a priority may",
            "# stay pending, in progress or blocked. Left out: no limit. Each breach is reported once",
            "# (sla.exceeded or task.escalated) and recorded in the file (escalated_at). lease: how long a",
            "# task of a priority may stay in progress with no commit touching it or its output before the",
            "# tick takes it back (task.lease_expired, back to pending, routed again); {} turns leases off.",
            "sla:",
            "  review:",
        ]
        for tier in config.sla.review.keys.sorted() {
            let limits = ReviewType.allCases.compactMap { type in config.sla.review[tier]![type].map { "\(type.rawValue): \(duration($0))" } }
            out.append("    \(tier): {\(limits.joined(separator: ", "))}")
        }
        let totals = config.sla.totalReview.keys.sorted().map { "\($0): \(duration(config.sla.totalReview[$0]!))" }
        let open = Priority.allCases.compactMap { p in config.sla.openTask[p].map { "\(p.rawValue): \(duration($0))" } }
        out += [
            "  total_review: {\(totals.joined(separator: ", "))}",
            "  open_task: {\(open.joined(separator: ", "))}",
            "  lease: {\(Priority.allCases.compactMap { p in config.sla.lease[p].map { "\(p.rawValue): \(duration($0))" } }.joined(separator: ", "))}",
            "",
            "# Each rule can be switched off (the rollback plan): it then writes nothing, while the",
            "# events of people's commits are still logged and notified. intake fills a new task's",
            "# created time; publishing hands scheduled content to the publisher.",
            "rules:",
            "  intake: \(config.rules.intake)",
            "  routing: \(config.rules.routing)",
            "  reviews: \(config.rules.reviews)",
            "  dependencies: \(config.rules.dependencies)",
            "  sla: \(config.rules.sla)",
            "  publishing: \(config.rules.publishing)",
            "",
        ]
        out += services(config)
        return out.joined(separator: "\n") + "\n"
    }

    private static func services(_ config: Config) -> [String] {
        let n = config.notifications
        var out = [
            "# Who hears about which events, and how. channels: github (annotations and the step summary",
            "# inside GitHub Actions), webhook (a Slack or Discord webhook whose URL is in the environment",
            "# variable webhook_url_env, never in this file), outbox (a file under .chase/outbox/).",
            "# A failed delivery is kept and retried after backoff, doubled each time, max_attempts in all.",
            "notifications:",
            "  max_attempts: \(n.maxAttempts)",
            "  backoff: \(duration(n.backoff))",
            "  timeout: \(duration(n.timeout))",
            "  recipients:",
        ]
        for r in n.recipients {
            out.append("    - name: \(scalar(r.name))")
            if let agent = r.agent { out.append("      agent: \(agent)") }
            if let mention = r.mention { out.append("      mention: \(scalar(mention))") }
            out += [
                "      events: \(flow(r.events.map(\.rawValue)))",
                "      channels: \(flow(r.channels.map(\.rawValue)))",
                "      webhook_url_env: \(scalar(r.webhookURLEnv))",
                "      webhook_format: \(r.webhookFormat.rawValue)",
            ]
        }
        let p = config.publisher
        out += [
            "",
            "# Where scheduled content goes when its time comes: outbox (a file under \(PublisherSettings.outboxFolder)),",
            "# webhook (POSTed to the URL in the environment variable url_env), or command (run with the",
            "# post's file; it prints the post id). env: the environment variables the command gets besides",
            "# PATH, HOME, LANG, LC_ALL, TMPDIR and TZ (nothing else of the tick's: not the push token).",
            "publisher:",
            "  kind: \(p.kind.rawValue)",
            "  url_env: \(scalar(p.urlEnv))",
            "  command: \(flow(p.command))",
            "  env: \(flow(p.env))",
            "  timeout: \(duration(p.timeout))",
            "",
            "# A Markdown board of the queue (DASHBOARD.md), rewritten by the ticks that change something.",
            "dashboard:",
            "  enabled: \(config.dashboard.enabled)",
            "  path: \(scalar(config.dashboard.path))",
            "",
            "# Who may set any review's verdict and move a task to a status the rules decide; once any are",
            "# listed, only they may change .chase/ and .github/ (`chase validate --base`). \"@login\": a",
            "# GitHub account (what `validate --actor` matches); an email: a claim, for local runs only.",
            "maintainers: \(flow(config.maintainers))",
        ]
        return out
    }

    static func scalar(_ text: String) -> String { YAMLScalarFormat.render(text) }

    /// `[a, "b c, d"]`: items plain where a flow sequence reads them back unchanged.
    static func flow(_ items: [String], quoted: Bool = false) -> String {
        "[" + items.map { item in
            !quoted && YAMLScalarFormat.isPlainSafe(item) && !item.contains(where: { ",[]{}".contains($0) })
                ? item : YAMLScalarFormat.doubleQuoted(item)
        }.joined(separator: ", ") + "]"
    }

    static func numbers(_ items: [Int]) -> String { "[" + items.map(String.init).joined(separator: ", ") + "]" }

    /// `2h`, `30m`, `45s`: the largest unit that writes the value exactly.
    static func duration(_ seconds: TimeInterval) -> String {
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600))h" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60))m" }
        if seconds.rounded() == seconds { return "\(Int(seconds))s" }
        return "\(seconds)s"
    }
}
