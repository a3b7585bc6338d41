import Foundation

/// `chase status`: the board at one time: tasks by status and agent, each agent's load against its
/// capacity, pending reviews with the time left on their SLA, breaches, blocked tasks and what
/// they wait for, and the files that do not parse.
public struct StatusBoard: Sendable, Codable, Equatable {
    /// One row of the board: an agent of the config, one the config does not list, or nobody (nil).
    public struct AgentRow: Sendable, Codable, Equatable {
        public var agent: Int?
        public var name: String
        /// Pending and in-progress tasks, against `capacity` (`max_concurrent`; nil when unknown).
        public var load: Int
        public var capacity: Int?
        /// Task ids by status, for the statuses that hold any.
        public var tasks: [String: [String]]
    }

    public struct PendingReview: Sendable, Codable, Equatable {
        public var id: String
        public var task: String
        public var type: ReviewType
        public var reviewer: Int
        public var requested: Date
        /// When its SLA runs out, and how long is left (negative: overdue); nil when no SLA applies.
        public var deadline: Date?
        public var left: TimeInterval?
    }

    /// A blocked task and the unfinished dependencies it waits for directly.
    public struct BlockedTask: Sendable, Codable, Equatable {
        public struct Waiting: Sendable, Codable, Equatable {
            public var id: String
            /// Its status, or `missing` for an id that names no task.
            public var status: String
            public var assignee: Int?
        }
        public var id: String
        public var assignee: Int?
        public var waitsFor: [Waiting]
        /// The longest chain of waiting down to a task that is not itself waiting.
        public var chain: [String]
    }

    public var now: Date
    /// How many tasks are in each status (every status listed, zeros included).
    public var counts: [String: Int]
    public var agents: [AgentRow]
    public var reviews: [PendingReview]
    /// Clocks that ran out: overdue reviews, review rounds and open P0/P1 tasks.
    public var breaches: [SLARisk]
    public var blocked: [BlockedTask]
    public var invalid: [FileProblem]

    public static func build(_ state: QueueState, config: Config, now: Date) -> StatusBoard {
        var counts: [String: Int] = [:]
        for s in TaskStatus.allCases { counts[s.rawValue] = 0 }
        for t in state.tasks.values { counts[t.status.rawValue, default: 0] += 1 }

        let byAgent = Dictionary(grouping: state.tasks.values) { $0.assignee }
        let unlisted = byAgent.keys.compactMap { $0 }.filter { config.agent($0) == nil }.sorted()
        var agents: [AgentRow] = []
        for number in config.agents.map(\.number) + unlisted + [nil] {
            let tasks = byAgent[number] ?? []
            if number == nil, tasks.isEmpty { continue }
            var byStatus: [String: [String]] = [:]
            for t in tasks { byStatus[t.status.rawValue, default: []].append(t.id) }
            for key in byStatus.keys { byStatus[key]!.sort() }
            let agent = number.flatMap(config.agent)
            agents.append(AgentRow(agent: number, name: agent?.name ?? (number == nil ? "unassigned" : "not in the config"),
                                   load: number.map(state.load) ?? 0, capacity: agent?.maxConcurrent, tasks: byStatus))
        }

        let reviews = state.reviews.values.filter { $0.status == .pending }.map { r -> PendingReview in
            let limit = state.tasks[r.task].flatMap { config.sla.reviewThreshold(r.type, tier: config.tier(of: $0)) }
            let deadline = limit.map { r.requested.addingTimeInterval($0) }
            return PendingReview(id: r.id, task: r.task, type: r.type, reviewer: r.reviewer, requested: r.requested,
                                 deadline: deadline, left: deadline.map { $0.timeIntervalSince(now) })
        }.sorted { ($0.left ?? .infinity, $0.id) < ($1.left ?? .infinity, $1.id) }

        let chains = Dictionary(uniqueKeysWithValues: BlockedChain.all(in: state).map { ($0.ids[0], $0.ids) })
        let blocked = state.tasks.values.filter { $0.status == .blocked }.sorted { $0.id < $1.id }.map { t in
            BlockedTask(id: t.id, assignee: t.assignee, waitsFor: t.dependsOn.filter { !state.isDone($0) }.map { dep in
                BlockedTask.Waiting(id: dep, status: state.tasks[dep]?.status.rawValue ?? "missing", assignee: state.tasks[dep]?.assignee)
            }, chain: chains[t.id] ?? [t.id])
        }

        let invalid = state.invalid.keys.sorted().map { state.invalid[$0]!.first }
        return StatusBoard(now: now, counts: counts, agents: agents, reviews: reviews,
                           breaches: SLARisk.all(in: state, config: config, now: now).filter { $0.left < 0 },
                           blocked: blocked, invalid: invalid)
    }
}
