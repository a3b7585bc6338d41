import ChaseCore

/// What a tick did, for people and (as JSON) for programs.
public struct TickReport: Sendable, Codable {
    /// How the tick chose the commits it read.
    public enum Mode: String, Codable, Sendable {
        /// It read the commits after `since`.
        case incremental
        /// First run: no marker and no bot commit. It decided from the head alone.
        case firstRun = "first-run"
        /// The marker is not on the branch any more, or the history is cut short: it decided from the head alone.
        case reconcile
    }

    public var branch: String
    public var head: String
    public var mode: Mode
    /// The commit reading started after, when incremental.
    public var since: String?
    public var commitsRead: Int
    public var notes: [String]
    public var events: [Event]
    public var writes: [String]
    /// The bot's commit, when it made one.
    public var commit: String?
    public var markerMoved: Bool
    public var dryRun: Bool
    /// What step 7 did with the notifications and the outbox (nil on a dry run).
    public var notifications: NotificationReport?
    /// With `--push`: what the remote took (nil otherwise).
    public var push: PushReport?
    /// The agents this tick gave new work (`NewWork`), for `--github-output` to start at once.
    public var activate: [Int] = []

    public init(branch: String, head: String, mode: Mode, since: String?, commitsRead: Int, notes: [String], events: [Event],
                writes: [String], commit: String?, markerMoved: Bool, dryRun: Bool, notifications: NotificationReport? = nil,
                push: PushReport? = nil) {
        self.branch = branch; self.head = head; self.mode = mode; self.since = since; self.commitsRead = commitsRead
        self.notes = notes; self.events = events; self.writes = writes; self.commit = commit; self.markerMoved = markerMoved
        self.dryRun = dryRun; self.notifications = notifications; self.push = push
    }

    /// True when the tick committed, or (dry run) would have.
    public var changed: Bool { !writes.isEmpty }
}
