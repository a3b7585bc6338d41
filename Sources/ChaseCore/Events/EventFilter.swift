import Foundation

/// Which recorded events `chase events` shows: from a time on, of one type, about one task.
public struct EventFilter: Sendable, Equatable {
    public var since: Date?
    public var type: EventType?
    /// A task id: its own events and those of its reviews.
    public var task: String?

    public init(since: Date? = nil, type: EventType? = nil, task: String? = nil) {
        self.since = since; self.type = type; self.task = task
    }

    public func includes(_ e: Event) -> Bool {
        if let since, e.time < since { return false }
        if let type, e.type != type { return false }
        if let task, e.task != task, e.subject != task { return false }
        return true
    }
}
