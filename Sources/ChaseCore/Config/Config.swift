import Foundation

/// One agent of the team: who it is, how much it may hold at once, and which git identities act for it.
public struct Agent: Sendable, Equatable, Codable {
    public var number: Int
    public var name: String
    public var role: String
    public var maxConcurrent: Int
    /// Git author emails that act for this agent (`validate` without `--actor`: a claim, not a proof).
    public var identities: [String]
    /// GitHub logins that act for this agent (`validate --actor LOGIN`), without the `@`.
    public var github: [String] = []
    /// Cron schedules (UTC) of its activations.
    public var schedules: [String]
    /// What the agents workflow runs for it (program and arguments); its work list's file paths go last.
    public var command: [String] = []
    /// Whether it may plan work: create tasks through `chase mcp` (the coordinator, agent 0, by default).
    public var plans: Bool

    public init(number: Int, name: String, role: String, maxConcurrent: Int = 3, identities: [String] = [], schedules: [String] = [],
                plans: Bool? = nil) {
        self.number = number; self.name = name; self.role = role; self.maxConcurrent = maxConcurrent
        self.identities = identities; self.schedules = schedules; self.plans = plans ?? (number == 0)
    }

    /// `agent-02`, how the bot names an agent in messages.
    public var handle: String { number < 10 ? "agent-0\(number)" : "agent-\(number)" }
}

/// Which review types a tier requires, stage by stage: the types of one stage run in parallel,
/// and a stage starts when every review of the previous one approved.
public struct ReviewTier: Sendable, Equatable, Codable {
    public var stages: [[ReviewType]]
    public init(stages: [[ReviewType]]) { self.stages = stages }
}

/// SLA thresholds in seconds (DESIGN.md "SLAs").
public struct SLAPolicy: Sendable, Equatable, Codable {
    /// Per tier, per review type: how long a review may stay pending.
    public var review: [Int: [ReviewType: TimeInterval]]
    /// Per tier: how long all the reviews of one round may take together.
    public var totalReview: [Int: TimeInterval]
    /// Per priority: how long a task may stay open (pending, in progress or blocked).
    public var openTask: [Priority: TimeInterval]
    /// Per priority: how long a task may sit in progress with no commit touching it (or its output)
    /// before the tick takes it back (`task.lease_expired`). Empty: no leases (the default).
    public var lease: [Priority: TimeInterval] = [:]

    public init(review: [Int: [ReviewType: TimeInterval]], totalReview: [Int: TimeInterval], openTask: [Priority: TimeInterval]) {
        self.review = review; self.totalReview = totalReview; self.openTask = openTask
    }

    public func reviewThreshold(_ type: ReviewType, tier: Int) -> TimeInterval? { review[tier]?[type] }
}

/// Each rule can be switched off (the blueprint's rollback plan): its events are still logged,
/// but it writes nothing.
public struct RuleSwitches: Sendable, Equatable, Codable {
    public var intake = true
    public var routing = true
    public var reviews = true
    public var dependencies = true
    public var sla = true
    public var publishing = true
    public init() {}
}

/// Everything the rules need to know about the team. `Config.default` equals the blueprint's tables.
public struct Config: Sendable, Equatable {
    public var agents: [Agent]
    /// Route keys (a content type, or a task type) to candidate agents, first with room wins.
    public var routes: [String: [Int]]
    /// Where a task with no matching route goes.
    public var fallbackRoute: [Int]
    public var tiers: [Int: ReviewTier]
    public var defaultReviewTier: Int
    public var reviewers: [ReviewType: Int]
    public var sla: SLAPolicy
    public var rules: RuleSwitches
    public var botName: String
    public var botEmail: String
    public var notifications = NotificationSettings.default
    public var publisher = PublisherSettings()
    public var dashboard = DashboardSettings()
    /// Who may change anything a person may: GitHub logins (`@lead`, for `validate --actor`) and git
    /// author emails (for local runs, a claim only). `validate` reads them from the parent commit.
    public var maintainers: [String] = []

    public init(
        agents: [Agent], routes: [String: [Int]], fallbackRoute: [Int], tiers: [Int: ReviewTier],
        defaultReviewTier: Int, reviewers: [ReviewType: Int], sla: SLAPolicy, rules: RuleSwitches,
        botName: String, botEmail: String
    ) {
        self.agents = agents; self.routes = routes; self.fallbackRoute = fallbackRoute; self.tiers = tiers
        self.defaultReviewTier = defaultReviewTier; self.reviewers = reviewers; self.sla = sla; self.rules = rules
        self.botName = botName; self.botEmail = botEmail
    }

    public func agent(_ number: Int) -> Agent? { agents.first { $0.number == number } }

    /// The candidates for a task: its content type's route (content tasks), else its type's route,
    /// else the fallback.
    public func candidates(for task: Task) -> [Int] {
        if task.type == .content, let ct = task.contentType?.lowercased(), let route = routes[ct] { return route }
        if let route = routes[task.type.rawValue] { return route }
        return fallbackRoute
    }

    public func tier(of task: Task) -> Int { task.reviewTier ?? defaultReviewTier }
}

extension Config {
    private static let hour: TimeInterval = 3600

    /// The blueprint's roster, routing table, review tiers and SLA table.
    public static let `default` = Config(
        agents: [
            Agent(number: 0, name: "Coordinator", role: "coordinator", maxConcurrent: 5, schedules: ["0 0 * * *"]),
            Agent(number: 1, name: "Lore Writer", role: "lore"),
            Agent(number: 2, name: "Content Strategist", role: "content", schedules: ["0 0,5,9 * * *"]),
            Agent(number: 3, name: "Community Manager", role: "community"),
            Agent(number: 4, name: "Gacha Designer", role: "gacha"),
            Agent(number: 5, name: "Analytics", role: "analytics", schedules: ["0 14 * * *"]),
            Agent(number: 6, name: "Asset Coordinator", role: "assets"),
            Agent(number: 7, name: "Light Novel Writer", role: "novels"),
            Agent(number: 8, name: "Lore Keeper", role: "canon review"),
            Agent(number: 9, name: "Cultural Reviewer", role: "cultural review", schedules: ["0 1,7 * * *"]),
        ],
        routes: [
            "tweet": [2], "thread": [2],
            "discord": [3], "event": [3], "community": [3],
            "banner": [4], "gacha": [4], "seasonal": [4],
            "novel": [7], "chapter": [7], "story": [7],
            "asset": [6], "lore": [1], "analytics": [5],
        ],
        fallbackRoute: [0],
        tiers: [
            1: ReviewTier(stages: [[.canon, .cultural], [.coordinator]]),
            2: ReviewTier(stages: [[.cultural], [.coordinator]]),
            3: ReviewTier(stages: [[.coordinator]]),
        ],
        defaultReviewTier: 2,
        reviewers: [.canon: 8, .cultural: 9, .coordinator: 0],
        sla: SLAPolicy(
            review: [
                1: [.canon: 2 * hour, .cultural: 2 * hour, .coordinator: 0.5 * hour],
                2: [.cultural: 1 * hour, .coordinator: 0.5 * hour],
                3: [.coordinator: 0.25 * hour],
            ],
            totalReview: [1: 4 * hour, 2: 2 * hour, 3: 0.5 * hour],
            openTask: [.p0: 24 * hour, .p1: 72 * hour]
        ),
        rules: RuleSwitches(),
        botName: "chase-bot",
        botEmail: "chase-bot@users.noreply.github.com"
    )
}
