import Foundation
@testable import ChaseCore
import XCTest

/// `.chase/config.yml`: every section read, the file `chase init` writes read back exactly, and
/// every kind of mistake stopped with the key and its line.
final class ConfigReaderTests: XCTestCase {
    private func read(_ yaml: String, over base: Config = .default) throws -> Config {
        try ConfigReader.read(Array(yaml.utf8), over: base)
    }

    private func problem(_ yaml: String) -> String? {
        do {
            _ = try read(yaml)
            return nil
        } catch let problem as FileProblem {
            return problem.description
        } catch {
            return "\(error)"
        }
    }

    /// A config that differs from the defaults in every setting.
    private var unusual: Config {
        var c = Config.default
        c.agents = [
            { var a = Agent(number: 0, name: "Lead \"Bot\"", role: "", maxConcurrent: 1, identities: ["lead@team.example"],
                            schedules: ["*/15 * * * *"]); a.command = ["sh", "-c", "run agent, please"]; a.plans = false; return a }(),
            Agent(number: 12, name: "Writer", role: "content: all", maxConcurrent: 40, identities: ["w1@team.example", "w2@team.example"],
                  schedules: ["0 0,5,9 * * MON-FRI", "30 6 1 * *"], plans: true),
            Agent(number: 8, name: "Keeper", role: "canon review"),
        ]
        c.routes = ["tweet": [12, 0], "podcast": [12], "lore": [8]]
        c.fallbackRoute = [12]
        c.tiers = [1: ReviewTier(stages: [[.canon], [.cultural, .coordinator]]), 2: ReviewTier(stages: [[.coordinator]]),
                   3: ReviewTier(stages: [])]
        c.defaultReviewTier = 3
        c.reviewers = [.canon: 8, .cultural: 12, .coordinator: 0]
        c.sla = SLAPolicy(review: [1: [.canon: 90, .cultural: 5400], 2: [.coordinator: 0.5]], totalReview: [2: 86400 * 2],
                          openTask: [.p2: 3600 * 100, .p3: 7 * 86400])
        c.sla.lease = [.p0: 1800, .p2: 3 * 3600]
        c.rules.routing = false
        c.rules.sla = false
        c.botName = "queue bot"
        c.botEmail = "bot@team.example"
        c.notifications = NotificationSettings(recipients: [
            NotificationRecipient(name: "leads", mention: "<!here>", events: [.slaExceeded], channels: [.outbox, .webhook],
                                  webhookURLEnv: "LEADS_HOOK", webhookFormat: .discord),
        ], maxAttempts: 2, backoff: 90, timeout: 2.5)
        c.publisher = PublisherSettings(kind: .command, urlEnv: "X", command: ["scripts/post.sh", "--live"], timeout: 45)
        c.dashboard = DashboardSettings(enabled: true, path: "docs/BOARD.md")
        c.maintainers = ["lead@team.example"]
        return c
    }

    // MARK: - The file chase init writes

    func testTheDefaultFileReadsBackAsExactlyTheDefaults() throws {
        let text = ConfigFileText.render(.default)
        // Read over a config that differs in every setting: equality proves the file sets them all.
        XCTAssertNotEqual(unusual, .default)
        XCTAssertEqual(try read(text, over: unusual), .default)
        XCTAssertTrue(text.hasPrefix("# Chase: the team"))
        XCTAssertTrue(text.contains("    tweet: [2]\n"))
        XCTAssertTrue(text.contains("    1: [[canon, cultural], coordinator]\n"))
        XCTAssertTrue(text.contains("    2: {cultural: 1h, coordinator: 30m}\n"))
        XCTAssertTrue(text.contains("  open_task: {P0: 24h, P1: 72h}\n"))
        XCTAssertTrue(text.contains("    schedules: [\"0 0,5,9 * * *\"]\n"))
    }

    func testAnyConfigWrittenOutReadsBackTheSame() throws {
        XCTAssertEqual(try read(ConfigFileText.render(unusual)), unusual)
    }

    // MARK: - Sections

    func testTeamRoutingReviewsSLAAndSwitches() throws {
        let config = try read("""
        bot:
          name: queue-bot
          email: bot@team.example
        agents:
          - number: 0
            name: Coordinator
            max_concurrent: 2
          - number: 2
            name: Content Strategist
            role: content
            identities: [agent02@team.example]
            schedules: ["0  9 * * *"]
            command: [scripts/agent.sh, "2"]
          - {number: 9, name: Cultural Reviewer}
        routing:
          routes:
            Tweet: 2
            thread: [2, 0]
          fallback: 0
        reviews:
          default_tier: 3
          reviewers: {cultural: 9, coordinator: 0}
          tiers:
            1: [cultural, coordinator]
            2: [[cultural, coordinator]]
            3: []
        sla:
          review:
            1: {cultural: 3h}
          total_review: {1: 1d}
          open_task: {P0: 12h, P3: 30d}
        rules:
          routing: false
          publishing: false
        """)
        XCTAssertEqual(config.botName, "queue-bot")
        XCTAssertEqual(config.botEmail, "bot@team.example")
        XCTAssertEqual(config.agents.map(\.number), [0, 2, 9])
        XCTAssertEqual(config.agents[0].maxConcurrent, 2)
        XCTAssertEqual(config.agents[1].maxConcurrent, 3, "the default capacity")
        XCTAssertEqual(config.agents[1].identities, ["agent02@team.example"])
        XCTAssertEqual(config.agents[1].schedules, ["0 9 * * *"])
        XCTAssertEqual(config.agents[1].command, ["scripts/agent.sh", "2"])
        XCTAssertEqual(config.routes, ["tweet": [2], "thread": [2, 0]], "the table written replaces the default one")
        XCTAssertEqual(config.fallbackRoute, [0])
        XCTAssertEqual(config.defaultReviewTier, 3)
        XCTAssertEqual(config.reviewers, [.cultural: 9, .coordinator: 0])
        XCTAssertEqual(config.tiers[1]?.stages, [[.cultural], [.coordinator]])
        XCTAssertEqual(config.tiers[2]?.stages, [[.cultural, .coordinator]])
        XCTAssertEqual(config.tiers[3]?.stages, [])
        XCTAssertEqual(config.sla.review, [1: [.cultural: 3 * 3600]])
        XCTAssertEqual(config.sla.totalReview, [1: 86400])
        XCTAssertEqual(config.sla.openTask, [.p0: 12 * 3600, .p3: 30 * 86400])
        var switches = RuleSwitches()
        switches.routing = false
        switches.publishing = false
        XCTAssertEqual(config.rules, switches)
        XCTAssertEqual(config.notifications, Config.default.notifications)
    }

    func testAbsentSectionsAndSettingsKeepTheDefaults() throws {
        let config = try read("reviews:\n  default_tier: 1\nsla:\n  open_task: {P0: 1h}\nrules:\n")
        var expected = Config.default
        expected.defaultReviewTier = 1
        expected.sla.openTask = [.p0: 3600]
        XCTAssertEqual(config, expected)
    }

    func testEmptyOrCommentedOutFileKeepsTheDefaults() throws {
        XCTAssertEqual(try read(""), .default)
        XCTAssertEqual(try read("# nothing yet\n\n# agents:\n"), .default)
    }

    func testContentRouteTakesContentTasksNoContentTypeRoutes() throws {
        let config = try read("routing:\n  routes:\n    tweet: [2]\n    content: [7]\n")
        XCTAssertEqual(config.candidates(for: Fixture.task("C-1", contentType: "tweet")), [2])
        XCTAssertEqual(config.candidates(for: Fixture.task("C-2", contentType: "podcast")), [7])
        XCTAssertEqual(config.candidates(for: Fixture.task("L-1", type: .lore)), [0], "no lore route: the fallback")
    }

    // MARK: - Mistakes: the key and its line, one line each

    func testUnknownKeysAreNamedWithTheirLine() {
        XCTAssertEqual(problem("bot:\n  name: x\nagentz:\n  - number: 1\n"),
                       ".chase/config.yml:3: 'agentz' is not a section of the config (bot, agents, routing, reviews, sla, rules, notifications, publisher, dashboard, maintainers)")
        XCTAssertEqual(problem("agents:\n  - number: 0\n    name: C\n    capacity: 2\n"),
                       ".chase/config.yml:4: agents.capacity is not a setting (number, name, role, max_concurrent, identities, github, schedules, command, plans)")
        XCTAssertEqual(problem("routing:\n  fallbak: [0]\n"), ".chase/config.yml:2: routing.fallbak is not a setting (routes, fallback)")
        XCTAssertEqual(problem("reviews:\n  tier: 1\n"), ".chase/config.yml:2: reviews.tier is not a setting (default_tier, reviewers, tiers)")
        XCTAssertEqual(problem("sla:\n  reviews: {}\n"), ".chase/config.yml:2: sla.reviews is not a setting (review, total_review, open_task, lease)")
        XCTAssertEqual(problem("rules:\n  escalation: false\n"),
                       ".chase/config.yml:2: rules.escalation is not a rule (intake, routing, reviews, dependencies, sla, publishing)")
        XCTAssertEqual(problem("bot:\n  login: x\n"), ".chase/config.yml:2: bot.login is not a setting (name, email)")
    }

    func testBadValuesAreNamedWithTheirLine() {
        let cases: [(String, String)] = [
            ("- agents\n", "1: the config must be a mapping of sections (bot, agents, routing, reviews, sla, rules, notifications, publisher, dashboard, maintainers)"),
            ("agents:\n  number: 1\n", "2: agents must be a list of agents (- number: 2 …)"),
            ("agents: []\n", "1: agents must list at least one agent"),
            ("agents:\n  - name: X\n", "2: an agent needs a number"),
            ("agents:\n  - number: 3\n", "2: agent 3 needs a name"),
            ("agents:\n  - number: 100\n    name: X\n", "2: agents.number must be a whole number from 0 to 99"),
            ("agents:\n  - {number: 0, name: A}\n  - {number: 0, name: B}\n", "3: agents: number 0 is listed twice (first at line 2)"),
            ("agents:\n  - number: 0\n    name: C\n    max_concurrent: 0\n",
             "4: agents.max_concurrent must be a whole number from 1 to 1000 (an agent with no room gets no work)"),
            ("agents:\n  - number: 0\n    name: C\n    identities: [agent 00]\n", "4: agents.identities: 'agent 00' is not an email address"),
            ("agents:\n  - number: 0\n    name: C\n    schedules: [\"0 25 * * *\"]\n",
             "4: agents.schedules: hour field '25': 25 is outside 0-23"),
            ("routing:\n  routes:\n    tweet: []\n", "3: routing.routes.tweet must name at least one agent"),
            ("routing:\n  routes:\n    tweet: [two]\n", "3: routing.routes.tweet: 'two' is not an agent number"),
            ("routing:\n  routes:\n    tweet: [2, 2]\n", "3: routing.routes.tweet names agent 2 twice"),
            ("routing:\n  routes:\n    tweet: [2]\n    TWEET: [3]\n", "4: routing.routes: 'TWEET' is the same route as line 3 (routes are matched in lower case)"),
            ("reviews:\n  tiers:\n    1: [canon, legal]\n    2: []\n    3: []\n",
             "3: reviews.tiers.1: 'legal' is not a review type (canon, cultural, coordinator)"),
            ("reviews:\n  tiers:\n    1: [canon, [canon, coordinator]]\n    2: []\n    3: []\n",
             "3: reviews.tiers.1 asks for a canon review twice; each type runs once per round"),
            ("reviews:\n  tiers:\n    1: [[]]\n    2: []\n    3: []\n", "3: reviews.tiers.1: a stage must name at least one review type"),
            ("reviews:\n  tiers:\n    4: [coordinator]\n", "3: reviews.tiers: '4' is not a tier (tasks name tier 1, 2 or 3)"),
            ("reviews:\n  tiers:\n    1: [coordinator]\n    2: [coordinator]\n", "3: reviews.tiers must define tier 3 too (tasks may name any of 1, 2 and 3)"),
            ("reviews:\n  tiers:\n    1: coordinator\n    2: []\n    3: []\n",
             "3: reviews.tiers.1 must be a list of stages like [[canon, cultural], coordinator]"),
            ("reviews:\n  default_tier: 4\n", "2: reviews.default_tier must be a whole number from 1 to 3"),
            ("reviews:\n  reviewers: {legal: 3}\n", "2: reviews.reviewers: 'legal' is not a review type (canon, cultural, coordinator)"),
            ("sla:\n  review:\n    2: {cultural: soon}\n", "3: sla.review.2.cultural must be a duration like 30s, 5m or 2h"),
            ("sla:\n  review:\n    2: {cultural: -1h}\n", "3: sla.review.2.cultural must be a duration like 30s, 5m or 2h"),
            ("sla:\n  review:\n    0: {cultural: 1h}\n", "3: sla.review: '0' is not a tier (1, 2 or 3)"),
            ("sla:\n  review:\n    2: {canon: 1h}\n", "3: sla.review.2.canon: tier 2 asks for no canon review (see reviews.tiers)"),
            ("sla:\n  total_review: {1: 0m}\n", "2: sla.total_review.1 must be a duration like 30s, 5m or 2h"),
            ("sla:\n  open_task: {P5: 1h}\n", "2: sla.open_task: 'P5' is not a priority (P0, P1, P2, P3)"),
            ("rules:\n  routing: off\n", "2: rules.routing must be true or false"),
            ("bot:\n  email: chase-bot\n", "2: bot.email: 'chase-bot' is not an email address"),
            ("bot:\n  name: \"a <b>\"\n", "2: bot.name must be a name without < or >"),
            ("agents:\n  - {number: 0, name: A}\n  - {number: 1, name: B}\nroutes: {}\n",
             "4: 'routes' is not a section of the config (bot, agents, routing, reviews, sla, rules, notifications, publisher, dashboard, maintainers)"),
            ("agents: [\n", "2: YAML syntax error: did not find expected node content (while parsing a flow node at line 2)"),
            ("agents: &a\n  - {number: 0, name: A}\n", "1: YAML anchors (&name) and aliases (*name) are not allowed; write the value out"),
        ]
        for (yaml, expected) in cases {
            XCTAssertEqual(problem(yaml), ".chase/config.yml:\(expected)", yaml)
        }
    }

    func testBrokenReferencesAcrossSectionsAreNamedWithTheirLine() {
        let cases: [(String, String)] = [
            // A route written in the file: its line.
            ("routing:\n  routes:\n    tweet: [2, 12]\n", "3: routing.routes.tweet names agent 12, which is not in agents (00, 01, 02, 03, 04, 05, 06, 07, 08, 09)"),
            ("routing:\n  fallback: [42]\n", "2: routing.fallback names agent 42, which is not in agents (00, 01, 02, 03, 04, 05, 06, 07, 08, 09)"),
            // A default route broken by a smaller roster: the roster's line.
            ("bot:\n  name: b\nagents:\n  - {number: 0, name: Coordinator}\n  - {number: 1, name: Lore}\n",
             "3: routing.routes.analytics (a default) names agent 05, which is not in agents (00, 01)"),
            ("agents:\n  - {number: 0, name: C}\nrouting:\n  routes: {tweet: 0}\n",
             "1: reviews.reviewers.canon (a default) names agent 08, which is not in agents (00)"),
            ("reviews:\n  reviewers:\n    canon: 8\n    cultural: 19\n    coordinator: 0\n",
             "4: reviews.reviewers.cultural names agent 19, which is not in agents (00, 01, 02, 03, 04, 05, 06, 07, 08, 09)"),
            ("reviews:\n  reviewers: {cultural: 9, coordinator: 0}\n",
             "1: reviews.tiers.1 asks for a canon review, but reviews.reviewers names no agent for canon"),
            ("reviews:\n  reviewers: {canon: 8, cultural: 9}\n  tiers:\n    1: [canon]\n    2: [cultural]\n    3: [coordinator]\n",
             "6: reviews.tiers.3 asks for a coordinator review, but reviews.reviewers names no agent for coordinator"),
            ("notifications:\n  recipients:\n    - {name: night shift, agent: 11, events: [task.blocked], channels: [outbox]}\n",
             "1: notifications recipient 'night shift' names agent 11, which is not in agents (00, 01, 02, 03, 04, 05, 06, 07, 08, 09)"),
            ("agents:\n" + Config.default.agents.map { "  - {number: \($0.number), name: \($0.name)\($0.number == 2 ? ", identities: [a@x.example]" : "")\($0.number == 3 ? ", identities: [A@x.example]" : "")}" }.joined(separator: "\n") + "\n",
             "5: agents: A@x.example acts for agent 02 already; one email acts for one agent"),
            ("agents:\n" + Config.default.agents.map { "  - {number: \($0.number), name: \($0.name)\($0.number == 2 ? ", identities: [chase-bot@users.noreply.github.com]" : "")}" }.joined(separator: "\n") + "\n",
             "4: agents: chase-bot@users.noreply.github.com is the bot's email (bot.email); an agent cannot act as the bot"),
        ]
        for (yaml, expected) in cases {
            XCTAssertEqual(problem(yaml), ".chase/config.yml:\(expected)", yaml)
        }
    }

    func testAnOversizedFileIsRefusedBeforeParsing() {
        let big = "# " + String(repeating: "x", count: ConfigReader.maxBytes) + "\n"
        XCTAssertEqual(problem(big), ".chase/config.yml: the file is \(big.utf8.count) bytes, over the limit of \(ConfigReader.maxBytes) bytes")
    }
}
