import XCTest
@testable import ChaseCore
import SeededRandom

/// A queue behind on its work (most tasks open: pending, blocked in chains, in progress, in review
/// with reviews running and overdue), settled by one tick: a second tick at the same time finds
/// nothing to do. The same state is what the rules' cost is measured on (`profiledTick`).
final class BacklogTickTests: XCTestCase {
    static func backlog(count: Int, now: Date, seed: UInt64) -> QueueState {
        var rng = SeededRandom(seed: seed)
        var tasks: [Task] = [], reviews: [Review] = []
        var chains: [String] = [], done: [String] = []
        let types: [TaskType] = [.content, .content, .content, .lore, .asset, .analytics, .ops]
        for i in 0..<count {
            let id = "TASK-\(i)"
            let type = rng.pick(types)
            let created = now.addingTimeInterval(-Double(rng.below(7 * 24 * 60)) * 60 - 3600)
            var task = Fixture.task(id, type: type, priority: rng.pick(Priority.allCases), tier: 1 + rng.below(3),
                                    status: .pending, assignee: rng.below(10), created: created)
            if i < count * 3 / 10 {
                task.status = type == .content ? .published : .complete
                if type == .content {
                    for review in [ReviewType.cultural, .coordinator] {
                        reviews.append(Fixture.review(id, review, status: .approved, requested: created))
                    }
                }
                done.append(id)
            } else {
                switch rng.weighted(type == .content ? [35, 25, 10, 30] : [45, 35, 20, 0]) {
                case 0:
                    if rng.chance(40) { task.assignee = nil }
                    if rng.chance(10), let last = done.last { task.dependsOn = [last] }
                    if chains.count < max(5, count / 400) { chains.append(id) }
                case 1:
                    if chains.isEmpty { chains.append(id); break }
                    let c = rng.below(chains.count)
                    task.status = .blocked
                    task.dependsOn = [chains[c]] + (rng.chance(20) ? [rng.pick(done)] : [])
                    chains[c] = id
                case 2:
                    task.status = .inProgress
                default:
                    task.status = .inReview
                    let requested = rng.chance(70) ? now.addingTimeInterval(-Double(rng.below(12)) * 60) : created
                    reviews.append(Fixture.review(id, .coordinator, requested: requested))
                }
            }
            tasks.append(task)
        }
        return Fixture.state(tasks, reviews)
    }

    /// One tick of the rules over `state` (its own function, so a profiler can count it alone).
    @inline(never)
    static func profiledTick(_ state: QueueState, now: Date) -> Workspace {
        Fixture.run(state, now: now)
    }

    func testASettledBacklogTicksToNothing() {
        let now = Fixture.at(0)
        let count = Int(ProcessInfo.processInfo.environment["BACKLOG_TASKS"] ?? "") ?? 2000
        let first = Fixture.run(BacklogTickTests.backlog(count: count, now: now, seed: 15), now: now)
        XCTAssertFalse(first.editOrder.isEmpty)
        XCTAssertFalse(first.events(.taskEscalated).isEmpty)
        XCTAssertFalse(first.events(.slaExceeded).isEmpty)
        let second = BacklogTickTests.profiledTick(first.state, now: now)
        XCTAssertEqual(second.editOrder, [])
        XCTAssertEqual(second.events.map(\.subject), [])
    }
}
