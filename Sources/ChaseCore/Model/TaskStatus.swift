/// Where a task is in its lifecycle (DESIGN.md "Lifecycle").
public enum TaskStatus: String, Sendable, CaseIterable, Codable {
    case pending, blocked
    case inProgress = "in_progress"
    case complete
    case inReview = "in_review"
    case approved, scheduled, published, cancelled

    /// Open tasks count against an agent's capacity and the P0/P1 age SLAs.
    public var isOpen: Bool { self == .pending || self == .inProgress || self == .blocked }

    /// Work someone may be doing now: deleting such a task loses it, so the coordinator is told.
    public var isUnderWay: Bool { self == .inProgress || self == .inReview }

    /// A move back to `pending` or `in_progress` from a status past the work (complete, in review,
    /// approved, scheduled, published, cancelled): `task.reopened`.
    public func reopens(to new: TaskStatus) -> Bool {
        !isOpen && (new == .pending || new == .inProgress)
    }
}
