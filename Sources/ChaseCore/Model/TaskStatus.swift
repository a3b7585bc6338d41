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

/// P0 is the most urgent.
public enum Priority: String, Sendable, CaseIterable, Codable, Comparable {
    case p0 = "P0", p1 = "P1", p2 = "P2", p3 = "P3"
    public static func < (a: Priority, b: Priority) -> Bool { a.rawValue < b.rawValue }
}

/// What kind of work a task is; content tasks are reviewed.
public enum TaskType: String, Sendable, CaseIterable, Codable {
    case content, lore, asset, analytics, ops
}

/// The three kinds of review in the blueprint.
public enum ReviewType: String, Sendable, CaseIterable, Codable {
    case canon, cultural, coordinator
}

/// A review's verdict; `closed` is written by the bot when its round was sent back.
public enum ReviewStatus: String, Sendable, CaseIterable, Codable {
    case pending, approved
    case changesRequested = "changes_requested"
    case rejected, closed

    public var sendsBack: Bool { self == .changesRequested || self == .rejected }
}
