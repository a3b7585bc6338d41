import Foundation

/// The blueprint's maintenance figures over a period, from the event history: review times per type
/// and tier against their SLA, escalations, dependency resolutions, agent workload, and the share
/// of finished tasks no human had to touch. Pure: the engine reads the history, this counts.
public struct QueueReport: Sendable, Codable, Equatable {
    /// Completed reviews of one type and tier.
    public struct ReviewTimes: Sendable, Codable, Equatable {
        public var reviewType: String
        public var tier: Int
        public var completed: Int
        public var medianMinutes: Int
        public var maxMinutes: Int
        /// The SLA in minutes, when the tier has one for this type.
        public var slaMinutes: Int?
        public var withinSLA: Int
    }

    /// One agent's work in the period and now.
    public struct Workload: Sendable, Codable, Equatable {
        public var agent: Int
        public var assigned: Int
        public var completed: Int
        public var reviewsDone: Int
        public var load: Int
        public var capacity: Int
    }

    public var since: Date?
    public var until: Date
    public var reviewTimes: [ReviewTimes]
    public var slaExceeded: [String: Int]
    public var escalatedTasks: [String]
    public var dependencyResolutions: Int
    /// Median time from `task.blocked` to `dependency.resolved`, in minutes.
    public var medianBlockedMinutes: Int?
    public var workload: [Workload]
    public var finished: [String]
    public var finishedWithoutHumans: [String]

    /// Share of finished tasks that no human changed, 0…1 (nil when nothing finished).
    public var autonomousShare: Double? {
        finished.isEmpty ? nil : Double(finishedWithoutHumans.count) / Double(finished.count)
    }

    /// `events` oldest first; `humanTouched` are the tasks whose files a human changed at any time.
    public static func build(events: [Event], humanTouched: Set<String>, state: QueueState, config: Config,
                             since: Date?, until: Date) -> QueueReport {
        let inPeriod = { (e: Event) in (since.map { e.time >= $0 } ?? true) && e.time <= until }
        var requested: [String: Event] = [:]
        var blockedAt: [String: Date] = [:]
        // By review type and tier, kept apart as values: a type read from an event is any text.
        var durations: [ReviewKind: [(TimeInterval, TimeInterval?)]] = [:]
        var blockedDurations: [TimeInterval] = []
        var slaExceeded: [String: Int] = [:], escalated: [String] = [], resolutions = 0
        var assigned: [Int: Int] = [:], completed: [Int: Int] = [:], reviewsDone: [Int: Int] = [:]
        var finished: Set<String> = []
        for e in events {
            switch e.type {
            case .reviewRequested:
                requested[e.subject] = e
            case .reviewCompleted where inPeriod(e):
                if let reviewer = e.payload["reviewer"].flatMap(Int.init) { reviewsDone[reviewer, default: 0] += 1 }
                guard let asked = requested[e.subject], let type = asked.payload["review_type"],
                      let tier = asked.payload["tier"].flatMap(Int.init) else { continue }
                let limit = ReviewType(rawValue: type).flatMap { config.sla.reviewThreshold($0, tier: tier) }
                durations[ReviewKind(type: type, tier: tier), default: []].append((e.time.timeIntervalSince(asked.time), limit))
            case .slaExceeded where inPeriod(e):
                slaExceeded[e.payload["kind"] == "total_review" ? "total_review" : e.payload["review_type"] ?? "review", default: 0] += 1
            case .taskEscalated where inPeriod(e):
                escalated.append(e.subject)
            case .taskBlocked:
                if blockedAt[e.subject] == nil { blockedAt[e.subject] = e.time }
            case .dependencyResolved:
                if let start = blockedAt.removeValue(forKey: e.subject), inPeriod(e) { blockedDurations.append(e.time.timeIntervalSince(start)) }
                if inPeriod(e) { resolutions += 1 }
            case .taskAssigned where inPeriod(e):
                if let agent = e.payload["agent"].flatMap(Int.init) { assigned[agent, default: 0] += 1 }
            case .taskCompleted where inPeriod(e):
                if let agent = state.tasks[e.subject]?.assignee { completed[agent, default: 0] += 1 }
                if state.isDone(e.subject) || state.tasks[e.subject]?.status == .published { finished.insert(e.subject) }
            default:
                break
            }
        }
        let reviewTimes = durations.sorted { ($0.key.type, $0.key.tier) < ($1.key.type, $1.key.tier) }.map { key, list -> ReviewTimes in
            let minutes = list.map { Int(($0.0 / 60).rounded()) }.sorted()
            let limit = list.first?.1
            return ReviewTimes(reviewType: key.type, tier: key.tier, completed: list.count,
                               medianMinutes: minutes[minutes.count / 2], maxMinutes: minutes.last!,
                               slaMinutes: limit.map { Int($0 / 60) }, withinSLA: list.filter { d in d.1.map { d.0 <= $0 } ?? true }.count)
        }
        let workload = config.agents.map { a in
            Workload(agent: a.number, assigned: assigned[a.number] ?? 0, completed: completed[a.number] ?? 0,
                     reviewsDone: reviewsDone[a.number] ?? 0, load: state.load(of: a.number), capacity: a.maxConcurrent)
        }
        let blocked = blockedDurations.map { Int(($0 / 60).rounded()) }.sorted()
        return QueueReport(
            since: since, until: until, reviewTimes: reviewTimes, slaExceeded: slaExceeded, escalatedTasks: escalated,
            dependencyResolutions: resolutions, medianBlockedMinutes: blocked.isEmpty ? nil : blocked[blocked.count / 2],
            workload: workload, finished: finished.sorted(), finishedWithoutHumans: finished.subtracting(humanTouched).sorted())
    }
}

/// A review type and tier, as the report groups review times.
private struct ReviewKind: Hashable {
    var type: String
    var tier: Int
}

/// Who made a commit, as the reports count people: the bot, an agent, or a human.
public enum AuthorKind: String, Sendable, Codable {
    case bot, agent, human

    /// The bot only for a bot commit (`BotIdentity.isBotCommit`): a commit that merely claims the
    /// bot's name or email is a person's. An agent is an author whose email an agent's `identities`
    /// lists; with no identities in the config, an author named like `Agent 02` counts as one (the
    /// default roster names its agents so).
    public static func of(name: String, email: String, isBotCommit: Bool, config: Config) -> AuthorKind {
        if isBotCommit { return .bot }
        let identities = config.agents.flatMap(\.identities)
        if identities.contains(where: { $0.caseInsensitiveCompare(email) == .orderedSame }) { return .agent }
        if identities.isEmpty, name.range(of: #"^agent[ _-]?\d{1,2}\b"#, options: [.regularExpression, .caseInsensitive]) != nil {
            return .agent
        }
        return .human
    }
}
