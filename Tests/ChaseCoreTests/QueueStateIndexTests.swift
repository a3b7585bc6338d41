import XCTest
@testable import ChaseCore
import SeededRandom

/// The state's indexes (tasks by status, with dependencies, without `created`, pending without an
/// assignee; each agent's load; pending reviews; reviews by task), which the rules use instead of scanning every task, against plain filters over
/// everything, through seeded random changes made the way the rules make them.
final class QueueStateIndexTests: XCTestCase {

    private func assertIndexesMatch(_ state: QueueState, file: StaticString = #filePath, line: UInt = #line) {
        func ids(_ tasks: [Task]) -> [String] { tasks.map(\.id).sorted() }
        for status in TaskStatus.allCases {
            XCTAssertEqual(ids(state.tasks(withStatus: status)), ids(state.tasks.values.filter { $0.status == status }),
                           "status \(status)", file: file, line: line)
        }
        XCTAssertEqual(ids(state.contentTasks(withStatus: .complete, .inReview)),
                       ids(state.tasks.values.filter { $0.type == .content && ($0.status == .complete || $0.status == .inReview) }),
                       file: file, line: line)
        XCTAssertEqual(state.idsOfTasksWithDependencies, ids(state.tasks.values.filter { !$0.dependsOn.isEmpty }), file: file, line: line)
        XCTAssertEqual(ids(state.tasks(withStatus: .pending, .blocked)),
                       ids(state.tasks.values.filter { $0.status == .pending || $0.status == .blocked }), file: file, line: line)
        XCTAssertEqual(ids(state.tasksWithDependencies), ids(state.tasks.values.filter { !$0.dependsOn.isEmpty }), file: file, line: line)
        XCTAssertEqual(ids(state.tasksWithoutCreated), ids(state.tasks.values.filter { $0.created == nil }), file: file, line: line)
        XCTAssertEqual(ids(state.unassignedPendingTasks), ids(state.tasks.values.filter { $0.status == .pending && $0.assignee == nil }),
                       file: file, line: line)
        XCTAssertEqual(state.pendingReviews.map(\.id).sorted(), state.reviews.values.filter { $0.status == .pending }.map(\.id).sorted(),
                       file: file, line: line)
        for task in state.tasks.keys {
            for revision in 1...2 {
                XCTAssertEqual(state.reviews(of: task, revision: revision).map(\.id),
                               state.reviews.values.filter { $0.task == task && $0.revision == revision && $0.status != .closed }
                                   .map(\.id).sorted(), file: file, line: line)
            }
        }
        var loads: [Int: Int] = [:]
        for agent in 0..<10 {
            let n = state.tasks.values.filter { $0.assignee == agent && ($0.status == .pending || $0.status == .inProgress) }.count
            XCTAssertEqual(state.load(of: agent), n, file: file, line: line)
            if n > 0 { loads[agent] = n }
        }
        XCTAssertEqual(state.loads(), loads, file: file, line: line)
    }

    func testIndexesFollowEveryChange() {
        var rng = SeededRandom(seed: 3)
        for _ in 0..<40 {
            var tasks: [Task] = []
            var reviews: [Review] = []
            for i in 0..<(5 + rng.below(30)) {
                let id = "CONTENT-\(i)"
                tasks.append(Fixture.task(id, type: rng.pick(TaskType.allCases), status: rng.pick(TaskStatus.allCases), assignee: rng.below(3) == 0 ? nil : rng.below(10),
                                          dependsOn: rng.below(4) == 0 ? ["CONTENT-\(rng.below(40))"] : [],
                                          created: rng.below(5) == 0 ? nil : Fixture.t0))
                if rng.below(2) == 0 {
                    reviews.append(Fixture.review(id, rng.pick(ReviewType.allCases), status: rng.pick(ReviewStatus.allCases),
                                                  revision: 1 + rng.below(2)))
                }
            }
            // Some reviews of tasks that do not exist: left out of the state.
            reviews.append(Fixture.review("LORE-999", .canon))
            let state = Fixture.state(tasks, reviews)
            assertIndexesMatch(state)

            var ws = Workspace(state: state, context: RuleContext(config: .default, now: Fixture.t0, head: ""))
            for _ in 0..<30 {
                if rng.below(3) == 0, let review = ws.state.reviews.values.sorted(by: { $0.id < $1.id }).first {
                    let status = rng.pick(ReviewStatus.allCases)
                    ws.update(review: review.id) { $0.status = status }
                } else if rng.below(4) == 0, let task = ws.state.tasks.values.sorted(by: { $0.id < $1.id }).last {
                    let type = rng.pick(ReviewType.allCases)
                    ws.create(review: Fixture.review(task.id, type, revision: task.revision))
                } else if let task = tasks.randomElement(using: &rng) {
                    let status = rng.pick(TaskStatus.allCases)
                    let assignee: Int? = rng.below(4) == 0 ? nil : rng.below(10)
                    let clearCreated = rng.below(6) == 0
                    ws.update(task: task.id) {
                        $0.status = status
                        $0.assignee = assignee
                        if clearCreated { $0.created = nil } else { $0.created = Fixture.t0 }
                        if $0.dependsOn.isEmpty, clearCreated { $0.dependsOn = ["CONTENT-1"] } else if !clearCreated { $0.dependsOn = [] }
                    }
                }
                assertIndexesMatch(ws.state)
            }
        }
    }
}

