/// Where a task is in its lifecycle (DESIGN.md "Lifecycle").
public enum TaskStatus: String, Sendable, CaseIterable, Codable {
    case pending, blocked
    case inProgress = "in_progress"
    case complete
    case inReview = "in_review"
    case approved, scheduled, published, cancelled

    /// Open tasks count against an agent's capacity and the P0/P1 age SLAs.
    public var isOpen: Bool { self == .pending || self == .inProgress || self == .blocked }
}
