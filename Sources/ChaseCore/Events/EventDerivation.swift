/// One file's change in one commit: its state before and after (nil when absent).
public struct FileChange: Sendable, Equatable {
    public var oldPath: String?
    public var newPath: String?
    public var before: ParsedFile?
    public var after: ParsedFile?
    public init(oldPath: String?, newPath: String?, before: ParsedFile?, after: ParsedFile?) {
        self.oldPath = oldPath; self.newPath = newPath; self.before = before; self.after = after
    }
    public var path: String { newPath ?? oldPath ?? "" }
}

/// Edge-triggered: the events a commit's file changes stand for (DESIGN.md "Events").
public enum EventDerivation {
    public static func events(for change: FileChange, source: EventSource) -> [Event] {
        switch change.after {
        case .invalid(let problems):
            if case .invalid(let old) = change.before, old == problems { return [] }
            return [invalidEvent(problems, source: source)]
        case .task(let task):
            return taskEvents(before: change.before?.task, after: task, source: source)
        case .review(let review):
            return reviewEvents(before: change.before?.review, after: review, source: source)
        case nil:
            return deletionEvents(change.before, source: source)
        case .other:
            return []
        }
    }

    /// A task or review file gone. A task is its file: one moved to another name is this deletion
    /// and a creation under the new id. A file that did not parse was never a task or review.
    static func deletionEvents(_ before: ParsedFile?, source: EventSource) -> [Event] {
        switch before {
        case .task(let task):
            var payload = ["status": task.status.rawValue]
            if let a = task.assignee { payload["agent"] = String(a) }
            return [Event(.taskDeleted, subject: task.id, task: task.id, source: source, payload: payload)]
        case .review(let review):
            return [Event(.reviewDeleted, subject: review.id, task: review.task, source: source, payload: [
                "review_type": review.type.rawValue, "status": review.status.rawValue, "reviewer": String(review.reviewer),
            ])]
        case .invalid, .other, nil:
            return []
        }
    }

    public static func invalidEvent(_ problems: FileProblems, source: EventSource) -> Event {
        let first = problems.first
        var payload = ["reason": problems.all.map { p in p.line.map { "line \($0): \(p.message)" } ?? p.message }.joined(separator: "; ")]
        if let line = first.line { payload["line"] = String(line) }
        return Event(.fileInvalid, subject: first.path, source: source, payload: payload)
    }

    static func taskEvents(before: Task?, after task: Task, source: EventSource) -> [Event] {
        var events: [Event] = []
        if before == nil {
            var payload = ["priority": task.priority.rawValue, "status": task.status.rawValue]
            if let a = task.assignee { payload["agent"] = String(a) }
            events.append(Event(.taskCreated, subject: task.id, task: task.id, source: source, payload: payload))
        }
        guard before?.status != task.status else { return events }
        let p = ["from": before?.status.rawValue ?? "none"]
        if let before, before.status.reopens(to: task.status) {
            return events + [Event(.taskReopened, subject: task.id, task: task.id, source: source,
                                   payload: p.merging(["status": task.status.rawValue]) { a, _ in a })]
        }
        switch task.status {
        case .inProgress:
            events.append(Event(.taskStarted, subject: task.id, task: task.id, source: source, payload: p))
        case .complete:
            var payload = p
            if let out = task.output { payload["output"] = out }
            events.append(Event(.taskCompleted, subject: task.id, task: task.id, source: source, payload: payload))
        case .blocked where before != nil:
            events.append(Event(.taskBlocked, subject: task.id, task: task.id, source: source,
                                payload: p.merging(["blocked_by": task.dependsOn.joined(separator: ",")]) { a, _ in a }))
        case .cancelled:
            events.append(Event(.taskCancelled, subject: task.id, task: task.id, source: source, payload: p))
        case .scheduled:
            var payload = p
            if let at = task.scheduledAt { payload["scheduled_at"] = Timestamp.format(at) }
            if let platform = task.platform { payload["platform"] = platform }
            events.append(Event(.contentScheduled, subject: task.id, task: task.id, source: source, payload: payload))
        case .published:
            var payload = p
            if let platform = task.platform { payload["platform"] = platform }
            if let post = task.platformPostID { payload["platform_post_id"] = post }
            events.append(Event(.contentPublished, subject: task.id, task: task.id, source: source, payload: payload))
        default:
            break
        }
        return events
    }

    static func reviewEvents(before: Review?, after review: Review, source: EventSource) -> [Event] {
        guard review.status != .pending, review.status != .closed, before?.status != review.status else { return [] }
        return [Event(.reviewCompleted, subject: review.id, task: review.task, source: source, payload: [
            "review_type": review.type.rawValue, "status": review.status.rawValue, "reviewer": String(review.reviewer),
        ])]
    }
}
