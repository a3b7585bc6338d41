import Foundation

/// What the rules of one tick are given besides the state: the clock, the team, and what the diff said.
public struct RuleContext: Sendable {
    public var config: Config
    public var now: Date
    /// The commit the tick works on; rule events name it as their cause.
    public var head: String
    /// Paths changed in this tick's range (problems are reported for these only, so a tick with
    /// nothing new reports nothing twice).
    public var changedPaths: Set<String>
    /// The blob id (hex) of each output file the approved and reviewed tasks name, at the head.
    public var outputBlobs: [String: String] = [:]
    /// When a commit last touched each in-progress task with a lease (its file or its output), by
    /// task id; a task missing here was not touched within its lease. Nil: not looked up (no leases).
    public var lastTouched: [String: Date]?
    /// What the publisher answered for the tasks it was handed this tick, by task id.
    public var published: [String: PublishedPost] = [:]

    public init(config: Config, now: Date, head: String, changedPaths: Set<String> = []) {
        self.config = config; self.now = now; self.head = head; self.changedPaths = changedPaths
    }

    var botSource: EventSource { config.bot.eventSource(commit: head, at: now) }
}

/// The working copy the rules edit during one tick: the state as the rules leave it, the key edits
/// per existing file, the files to create, and the events.
public struct Workspace: Sendable {
    public private(set) var state: QueueState
    public private(set) var events: [Event] = []
    /// Edits of existing files, in the order the rules made them, last value of a key wins (nil: the
    /// key goes). Derived from the state's changes, never written separately.
    public private(set) var edits: [String: [(key: String, value: String?)]] = [:]
    public private(set) var editOrder: [String] = []
    /// Reviews the rules created; rendered whole at the end.
    public private(set) var createdReviews: Set<String> = []
    /// Bumped on every change, so the engine knows when the rules have settled.
    public private(set) var version = 0
    /// The ids of the tasks changed, one entry per change, in order: what a rule that checked every
    /// task once need look at again (see `Dependencies`).
    public private(set) var changedTasks: [String] = []
    /// How much of `changedTasks` the dependency rule had seen when it last checked; nil: it has not
    /// checked yet, so its first pass looks at every task it could change.
    var dependenciesChecked: Int?
    let context: RuleContext

    public init(state: QueueState, context: RuleContext) {
        self.state = state
        self.context = context
    }

    mutating func emit(_ type: EventType, subject: String, task: String?, payload: [String: String] = [:]) {
        events.append(Event(type, subject: subject, task: task, source: context.botSource, payload: payload))
    }

    mutating func emitEvent(_ event: Event) { events.append(event) }

    /// Changes a task in the working state; its file's key edits are the keys whose value the change
    /// moved (`QueueFileText.taskKeyChanges`), so the file cannot come to say something else.
    mutating func update(task id: String, _ change: (inout Task) -> Void) {
        guard let old = state.tasks[id] else { return }
        var task = old
        change(&task)
        guard task != old else { return }
        state.setTask(task)
        changedTasks.append(id)
        record(task.path, QueueFileText.taskKeyChanges(from: old, to: task))
    }

    /// Changes a review, as `update(task:)`; a review created this tick is rendered whole instead.
    mutating func update(review id: String, _ change: (inout Review) -> Void) {
        guard let old = state.reviews[id] else { return }
        var review = old
        change(&review)
        guard review != old else { return }
        state.setReview(review)
        if createdReviews.contains(id) {
            version += 1
        } else {
            record(review.path, QueueFileText.reviewKeyChanges(from: old, to: review))
        }
    }

    mutating func create(review: Review) {
        guard state.reviews[review.id] == nil else { return }
        state.setReview(review)
        createdReviews.insert(review.id)
        version += 1
    }

    private mutating func record(_ path: String, _ keys: [(key: String, value: String?)]) {
        if edits[path] == nil { editOrder.append(path) }
        var list = edits[path] ?? []
        for (key, value) in keys {
            if let i = list.firstIndex(where: { $0.key == key }) { list[i].value = value } else { list.append((key, value)) }
        }
        edits[path] = list
        version += 1
    }
}
