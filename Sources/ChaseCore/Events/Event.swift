import Foundation

/// The event types of DESIGN.md, plus `task.assigned` for the router's decision. The README's
/// event table documents each with its payload keys.
public enum EventType: String, Sendable, CaseIterable, Codable {
    case taskCreated = "task.created"
    case taskAssigned = "task.assigned"
    case taskStarted = "task.started"
    case taskCompleted = "task.completed"
    case taskBlocked = "task.blocked"
    case taskReopened = "task.reopened"
    case taskDeleted = "task.deleted"
    case dependencyResolved = "dependency.resolved"
    case taskCancelled = "task.cancelled"
    case taskEscalated = "task.escalated"
    case taskLeaseExpired = "task.lease_expired"
    case reviewRequested = "review.requested"
    case reviewCompleted = "review.completed"
    case reviewDeleted = "review.deleted"
    case slaExceeded = "sla.exceeded"
    case contentScheduled = "content.scheduled"
    case contentPublished = "content.published"
    /// Approved content changed (its output file, `output`, `scheduled_at` or `platform`): back to review.
    case contentChanged = "content.changed"
    case fileInvalid = "file.invalid"
}

/// Who made the change an event comes from, and when.
public struct EventSource: Sendable, Equatable, Codable {
    public var commit: String
    public var author: String
    public var email: String
    public var time: Date
    public init(commit: String, author: String, email: String, time: Date) {
        self.commit = commit; self.author = author; self.email = email; self.time = time
    }
}

/// Something that happened to the queue: derived from a commit's diff, or decided by a rule.
public struct Event: Sendable, Equatable, Codable {
    public var type: EventType
    /// The task, review or file the event is about.
    public var subject: String
    public var task: String?
    public var commit: String
    public var author: String
    public var time: Date
    public var payload: [String: String]

    public init(_ type: EventType, subject: String, task: String? = nil, source: EventSource, payload: [String: String] = [:]) {
        self.type = type; self.subject = subject; self.task = task
        self.commit = source.commit; self.author = source.author; self.time = source.time; self.payload = payload
    }

    /// One human line: `review.requested CONTENT-010.cultural reviewer=9`.
    public var line: String {
        let pairs = payload.keys.sorted().map { key -> String in
            let value = payload[key]!
            let needsQuotes = value.isEmpty || value.contains(where: { $0 == " " || $0 == "=" || $0 == "\"" }) || value.oneLine != value
            return needsQuotes ? "\(key)=\(quoted(value))" : "\(key)=\(value)"
        }
        return ([type.rawValue, subject.oneLine] + pairs).joined(separator: " ")
    }

    private func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .oneLine + "\""
    }
}

extension Event {
    /// The file the event is about, where an annotation of it belongs: an invalid file itself, a
    /// review's file for that review's SLA breach, else its task's file; nil when it has no task.
    public var file: String? {
        switch type {
        case .fileInvalid: return subject
        case .slaExceeded where payload["kind"] == "review": return RepoPath.review(subject)
        default: return task.map(RepoPath.task)
        }
    }
}

extension Event {
    /// Compact JSON with sorted keys and ISO 8601 times: the form in commit trailers and `--json`.
    public var json: String {
        String(decoding: (try? Timestamp.jsonEncoder().encode(self)) ?? Data(), as: UTF8.self)
    }

    public static func fromJSON(_ text: String) -> Event? {
        try? Timestamp.jsonDecoder().decode(Event.self, from: Data(text.utf8))
    }
}
