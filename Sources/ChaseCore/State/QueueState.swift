import Foundation

/// The queue at one commit: every task and review that parsed, and every file that did not.
public struct QueueState: Sendable {
    /// Changed only through `QueueState.init` and `Workspace`, which keep the indexes below too.
    public internal(set) var tasks: [String: Task] = [:]
    /// Ids of the tasks in each status the rules act on (every status but the finished ones), so a
    /// rule looks at the tasks it could change, not at every task the queue ever had.
    private var idsByStatus: [TaskStatus: Set<String>] = [:]
    private var idsWithDependencies: Set<String> = []
    private var idsWithoutCreated: Set<String> = []
    private var pendingReviewIDs: Set<String> = []
    /// Pending tasks nobody holds: the ones routing hands out.
    private var unassignedPendingIDs: Set<String> = []
    /// Each agent's load (its pending and in-progress tasks), counted as tasks change rather than
    /// by a pass over every open task each time routing asks.
    private var loadByAgent: [Int: Int] = [:]
    /// Reverse dependency edges: for every id some `depends_on` names, the tasks that name it, so a
    /// change to a task leads to the tasks waiting on it without a pass over every task.
    private var dependantsByID: [String: Set<String>] = [:]
    /// Pending and blocked tasks with a `depends_on`: the ones the dependency rule can change.
    private var waitingIDs: Set<String> = []
    /// The SLA clocks, oldest first (see `ClockIndex`): open tasks not yet escalated, by `created`,
    /// per priority; pending reviews not yet escalated, by `requested`; tasks in review whose round
    /// is not yet reported, by the round's start (its first review's `requested`).
    private var openTaskClocks: [Priority: ClockIndex] = [:]
    private var pendingReviewClock = ClockIndex()
    private var roundClock = ClockIndex()
    /// Each task's place on `roundClock`, as a round's start depends on its reviews, not the task alone.
    private var roundStartByTask: [String: Date] = [:]
    /// False while a `Builder` adds files: the clocks are then built once, at the end.
    private var clocksLive = true
    static let unindexed: Set<TaskStatus> = [.approved, .published, .cancelled]
    /// Changed only through `QueueState.init` and `Workspace`, which keep the review index too.
    public internal(set) var reviews: [String: Review] = [:]
    /// Review ids by task: a round's reviews are looked up per task many times a tick, and a scan
    /// of every review each time costs the size of the whole queue.
    private var reviewIDsByTask: [String: [String]] = [:]
    public var invalid: [String: FileProblems] = [:]
    /// Problems of how files relate rather than of one file's text (a review of a task that does not
    /// exist); each is in `invalid` too. Reported, like dependency problems, when a file involved changes.
    public var relationProblems: [FileProblem] = []

    public init() {}

    public init(files: [(path: String, parsed: ParsedFile)]) {
        self.init(files: files.lazy)
    }

    /// The same from any sequence, so a large queue's files need not be copied into an array first.
    public init<Files: Sequence>(files: Files) where Files.Element == (path: String, parsed: ParsedFile) {
        var builder = Builder()
        for (path, parsed) in files { builder.add(path: path, parsed: parsed) }
        self = builder.finish()
    }

    /// Builds a state one file at a time, for a loader that holds its files in its own form.
    public struct Builder {
        private var state = QueueState()

        /// `tasks` and `reviews`: how many there will be, when known (room is made once).
        public init(tasks: Int = 0, reviews: Int = 0) {
            state.clocksLive = false
            state.tasks.reserveCapacity(tasks)
            state.reviews.reserveCapacity(reviews)
        }

        public mutating func add(path: String, parsed: ParsedFile) {
            switch parsed {
            case .task(let t): state.setTask(t)
            case .review(let r): state.reviews[r.id] = r
            case .invalid(let p): state.invalid[path] = p
            case .other: break
            }
        }

        /// The state; the builder is left empty (its storage moves out rather than being copied).
        public mutating func finish() -> QueueState {
            var state = self.state
            self.state = QueueState()
            // A review of a task that does not exist is reported, not acted on.
            var orphans: [Review] = []
            for review in state.reviews.values {
                if state.tasks.index(forKey: review.task) == nil {
                    orphans.append(review)
                    continue
                }
                state.reviewIDsByTask[review.task, default: []].append(review.id)
                if review.status == .pending { state.pendingReviewIDs.insert(review.id) }
            }
            for review in orphans {
                state.reviews[review.id] = nil
                let problem = FileProblem(path: review.path, line: 1, message: "review of task \(review.task), which does not exist")
                state.invalid[review.path] = FileProblems([problem])
                state.relationProblems.append(problem)
            }
            state.buildClocks()
            return state
        }
    }

    private mutating func index(_ task: Task, adding: Bool) {
        func apply(_ set: inout Set<String>) { if adding { set.insert(task.id) } else { set.remove(task.id) } }
        // Finished tasks are not indexed; of the complete ones only content (to be reviewed) is.
        if !QueueState.unindexed.contains(task.status), task.status != .complete || task.type == .content {
            apply(&idsByStatus[task.status, default: []])
        }
        if !task.dependsOn.isEmpty {
            apply(&idsWithDependencies)
            if task.status == .pending || task.status == .blocked { apply(&waitingIDs) }
        }
        for dep in task.dependsOn {
            if adding {
                dependantsByID[dep, default: []].insert(task.id)
            } else if dependantsByID[dep]?.remove(task.id) != nil, dependantsByID[dep]?.isEmpty == true {
                dependantsByID[dep] = nil
            }
        }
        if task.created == nil { apply(&idsWithoutCreated) }
        if task.status == .pending || task.status == .inProgress {
            if let agent = task.assignee {
                let load = loadByAgent[agent, default: 0] + (adding ? 1 : -1)
                loadByAgent[agent] = load == 0 ? nil : load
            } else if task.status == .pending {
                apply(&unassignedPendingIDs)
            }
        }
    }

    /// Adds or replaces a task, keeping the indexes.
    mutating func setTask(_ task: Task) {
        let old = tasks.updateValue(task, forKey: task.id)
        if let old { index(old, adding: false) }
        index(task, adding: true)
        guard clocksLive else { return }
        let wasOpen = old.flatMap(QueueState.openClockStart), isOpen = QueueState.openClockStart(task)
        if let old, old.priority != task.priority {
            openTaskClocks[old.priority]?.move(task.id, from: wasOpen, to: nil)
            openTaskClocks[task.priority, default: ClockIndex()].move(task.id, from: nil, to: isOpen)
        } else {
            openTaskClocks[task.priority, default: ClockIndex()].move(task.id, from: wasOpen, to: isOpen)
        }
        reclockRound(task)
    }

    private mutating func reclockRound(_ task: Task) {
        let start = roundClockStart(task)
        roundClock.move(task.id, from: roundStartByTask[task.id], to: start)
        roundStartByTask[task.id] = start
    }

    /// When an open task's SLA clock started: its `created`, until it is escalated.
    private static func openClockStart(_ task: Task) -> Date? {
        task.status.isOpen && task.escalatedAt == nil ? task.created : nil
    }

    /// When a task's review round started (its first review not closed), unless the round's total
    /// was already reported: what `SLA` measures a round's total from.
    private func roundClockStart(_ task: Task) -> Date? {
        guard task.status == .inReview else { return nil }
        var start: Date?
        for id in reviewIDsByTask[task.id] ?? [] {
            guard let r = reviews[id], r.task == task.id, r.revision == task.revision, r.status != .closed else { continue }
            if start == nil || r.requested < start! { start = r.requested }
        }
        guard let start else { return nil }
        if let reported = task.reviewEscalatedAt, reported >= start { return nil }
        return start
    }

    private static func reviewClockStart(_ review: Review) -> Date? {
        review.status == .pending && review.escalatedAt == nil ? review.requested : nil
    }

    /// The clocks of a state just built, from its open tasks, tasks in review and pending reviews.
    private mutating func buildClocks() {
        var open: [Priority: [(id: String, start: Date)]] = [:]
        for status in [TaskStatus.pending, .inProgress, .blocked] {
            for id in idsByStatus[status] ?? [] {
                guard let task = tasks[id], let start = QueueState.openClockStart(task) else { continue }
                open[task.priority, default: []].append((id, start))
            }
        }
        openTaskClocks = open.mapValues { ClockIndex($0) }
        roundStartByTask = [:]
        for id in idsByStatus[.inReview] ?? [] {
            if let task = tasks[id], let start = roundClockStart(task) { roundStartByTask[id] = start }
        }
        roundClock = ClockIndex(roundStartByTask.lazy.map { (id: $0.key, start: $0.value) })
        let state = self
        pendingReviewClock = ClockIndex(pendingReviewIDs.lazy.compactMap { id in
            state.reviews[id].flatMap(QueueState.reviewClockStart).map { (id: id, start: $0) }
        })
        clocksLive = true
    }

    /// The tasks in any of `statuses`, in no particular order.
    public func tasks(withStatus statuses: TaskStatus...) -> [Task] {
        if statuses.contains(where: { QueueState.unindexed.contains($0) || $0 == .complete }) {
            return tasks.values.filter { statuses.contains($0.status) }
        }
        return statuses.flatMap { (idsByStatus[$0] ?? []).compactMap { tasks[$0] } }
    }

    /// The content tasks (the reviewed ones) in any of `statuses`, in no particular order.
    public func contentTasks(withStatus statuses: TaskStatus...) -> [Task] {
        if statuses.contains(where: QueueState.unindexed.contains) {
            return tasks.values.filter { $0.type == .content && statuses.contains($0.status) }
        }
        return statuses.flatMap { (idsByStatus[$0] ?? []).compactMap { tasks[$0] } }.filter { $0.type == .content }
    }

    /// The tasks with a `depends_on`, in no particular order.
    public var tasksWithDependencies: [Task] { idsWithDependencies.compactMap { tasks[$0] } }

    /// The ids of the tasks with a `depends_on`, sorted.
    public var idsOfTasksWithDependencies: [String] { idsWithDependencies.sorted() }

    /// The tasks without a `created` time, in no particular order.
    public var tasksWithoutCreated: [Task] { idsWithoutCreated.compactMap { tasks[$0] } }

    /// The pending and blocked tasks with a `depends_on` (the dependency rule's work), sorted.
    public var idsOfWaitingTasks: [String] { waitingIDs.sorted() }

    /// Whether a task is pending or blocked with a `depends_on`.
    public func isWaiting(_ id: String) -> Bool { waitingIDs.contains(id) }

    /// The tasks whose `depends_on` names `id` (whether or not such a task exists).
    public func dependants(of id: String) -> Set<String> { dependantsByID[id] ?? [] }

    /// Open tasks of `priority` not yet escalated, created more than `limit` before `now`, oldest first.
    public func openTaskIDs(priority: Priority, openLongerThan limit: TimeInterval, at now: Date) -> [String] {
        openTaskClocks[priority]?.ids(runningLongerThan: limit, at: now) ?? []
    }

    /// Pending reviews not yet escalated, asked for more than `limit` before `now`, oldest first.
    public func reviewIDs(pendingLongerThan limit: TimeInterval, at now: Date) -> [String] {
        pendingReviewClock.ids(runningLongerThan: limit, at: now)
    }

    /// Tasks in review whose round (not yet reported) started more than `limit` before `now`, oldest first.
    public func inReviewTaskIDs(roundLongerThan limit: TimeInterval, at now: Date) -> [String] {
        roundClock.ids(runningLongerThan: limit, at: now)
    }

    /// The pending tasks without an assignee (routing's work), in no particular order.
    public var unassignedPendingTasks: [Task] { unassignedPendingIDs.compactMap { tasks[$0] } }

    /// The pending reviews, in no particular order.
    public var pendingReviews: [Review] { pendingReviewIDs.compactMap { reviews[$0] } }

    /// Adds or replaces a review, keeping the index by task.
    mutating func setReview(_ review: Review) {
        indexPending(review)
        let old = reviews[review.id]
        if let old, old.task == review.task {
            reviews[review.id] = review
        } else {
            if let old { reviewIDsByTask[old.task]?.removeAll { $0 == review.id } }
            reviews[review.id] = review
            reviewIDsByTask[review.task, default: []].append(review.id)
        }
        guard clocksLive else { return }
        pendingReviewClock.move(review.id, from: old.flatMap(QueueState.reviewClockStart), to: QueueState.reviewClockStart(review))
        for id in Set([review.task] + (old.map { [$0.task] } ?? [])) {
            if let task = tasks[id] { reclockRound(task) }
        }
    }

    private mutating func indexPending(_ review: Review) {
        if review.status == .pending { pendingReviewIDs.insert(review.id) } else { pendingReviewIDs.remove(review.id) }
    }

    /// Reviews of one task's round, leaving out the ones the bot closed.
    public func reviews(of task: String, revision: Int) -> [Review] {
        (reviewIDsByTask[task] ?? []).compactMap { reviews[$0] }
            .filter { $0.task == task && $0.revision == revision && $0.status != .closed }
            .sorted { $0.id < $1.id }
    }

    /// How many tasks hold an agent: its pending and in-progress tasks.
    public func load(of agent: Int) -> Int { loadByAgent[agent] ?? 0 }

    /// `load(of:)` of every agent holding a task.
    public func loads() -> [Int: Int] { loadByAgent }

    /// A dependency is done when the task is complete (unreviewed types) or approved or later.
    public func isDone(_ id: String) -> Bool {
        guard let t = tasks[id] else { return false }
        switch t.status {
        case .approved, .scheduled, .published: return true
        case .complete: return t.type != .content
        default: return false
        }
    }
}
