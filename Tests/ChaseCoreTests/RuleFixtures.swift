import Foundation
@testable import ChaseCore

/// Builds tasks, reviews and rule runs in a line each, for tests.
enum Fixture {
    static let t0 = Timestamp.parse("2026-01-09T09:00:00Z")!

    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    static func task(
        _ id: String, type: TaskType = .content, contentType: String? = "tweet", priority: Priority = .p2,
        tier: Int? = nil, status: TaskStatus = .pending, assignee: Int? = nil, dependsOn: [String] = [],
        created: Date? = t0, scheduledAt: Date? = nil, revision: Int = 1, escalatedAt: Date? = nil
    ) -> Task {
        Task(path: "queue/\(id).md", id: id, title: "Task \(id)", type: type,
             contentType: type == .content ? contentType : nil, priority: priority, reviewTier: tier, status: status,
             assignee: assignee, dependsOn: dependsOn, created: created, scheduledAt: scheduledAt, revision: revision,
             escalatedAt: escalatedAt)
    }

    static func review(
        _ task: String, _ type: ReviewType, status: ReviewStatus = .pending, revision: Int = 1,
        requested: Date = t0, escalatedAt: Date? = nil
    ) -> Review {
        let id = Review.id(task: task, type: type, revision: revision)
        let reviewer = Config.default.reviewers[type]!
        return Review(path: RepoPath.review(id), id: id, task: task, type: type, reviewer: reviewer, status: status,
                      revision: revision, requested: requested, escalatedAt: escalatedAt)
    }

    static func state(_ tasks: [Task], _ reviews: [Review] = []) -> QueueState {
        QueueState(files: tasks.map { ($0.path, .task($0)) } + reviews.map { ($0.path, .review($0)) })
    }

    static func run(
        _ state: QueueState, now: Date = t0, config: Config = .default, changed: Set<String> = []
    ) -> Workspace {
        let context = RuleContext(config: config, now: now, head: String(repeating: "a", count: 40),
                                  changedPaths: changed)
        return RuleEngine.run(state: state, diffEvents: [], context: context)
    }
}

extension Workspace {
    func events(_ type: EventType) -> [Event] { events.filter { $0.type == type } }
    func value(_ path: String, _ key: String) -> String? { edits[path]?.first { $0.key == key }?.value }
}
