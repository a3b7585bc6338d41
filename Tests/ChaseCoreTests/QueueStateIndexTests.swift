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

    /// The reverse dependency edges, the waiting tasks and the SLA clocks against plain filters:
    /// every id, and (the clocks) the order, oldest first, with and without a limit.
    private func assertEdgesAndClocksMatch(_ state: QueueState, limit: TimeInterval, now: Date,
                                           file: StaticString = #filePath, line: UInt = #line) {
        let all = state.tasks.values
        var named = Set(state.tasks.keys)
        for task in all { named.formUnion(task.dependsOn) }
        for id in named {
            XCTAssertEqual(state.dependants(of: id), Set(all.filter { $0.dependsOn.contains(id) }.map(\.id)), id, file: file, line: line)
        }
        let waiting = all.filter { ($0.status == .pending || $0.status == .blocked) && !$0.dependsOn.isEmpty }.map(\.id).sorted()
        XCTAssertEqual(state.idsOfWaitingTasks, waiting, file: file, line: line)
        XCTAssertEqual(named.filter(state.isWaiting).sorted(), waiting, file: file, line: line)

        func inOrder(_ clocks: [(id: String, start: Date)], _ limit: TimeInterval) -> [String] {
            clocks.filter { now.timeIntervalSince($0.start) > limit }
                .sorted { $0.start != $1.start ? $0.start < $1.start : $0.id < $1.id }.map(\.id)
        }
        for bound in [-TimeInterval.infinity, limit] {
            for priority in Priority.allCases {
                let open = all.filter { $0.priority == priority && $0.status.isOpen && $0.escalatedAt == nil }
                    .compactMap { t in t.created.map { (id: t.id, start: $0) } }
                XCTAssertEqual(state.openTaskIDs(priority: priority, openLongerThan: bound, at: now), inOrder(open, bound),
                               "\(priority)", file: file, line: line)
            }
            let reviews = state.reviews.values.filter { $0.status == .pending && $0.escalatedAt == nil }.map { (id: $0.id, start: $0.requested) }
            XCTAssertEqual(state.reviewIDs(pendingLongerThan: bound, at: now), inOrder(reviews, bound), file: file, line: line)
            let rounds = all.filter { $0.status == .inReview }.compactMap { task -> (id: String, start: Date)? in
                let round = state.reviews.values.filter { $0.task == task.id && $0.revision == task.revision && $0.status != .closed }
                guard let start = round.map(\.requested).min() else { return nil }
                if let reported = task.reviewEscalatedAt, reported >= start { return nil }
                return (task.id, start)
            }
            XCTAssertEqual(state.inReviewTaskIDs(roundLongerThan: bound, at: now), inOrder(rounds, bound), file: file, line: line)
        }
    }

    func testDependencyEdgesAndClocksFollowEveryChange() {
        var rng = SeededRandom(seed: 15)
        let now = Fixture.at(600)
        func past() -> Date { Fixture.at(Double(rng.below(600))) }
        for _ in 0..<40 {
            var files: [(path: String, parsed: ParsedFile)] = []
            let count = 3 + rng.below(30)
            for i in 0..<count {
                var task = Fixture.task("T-\(i)", priority: rng.pick(Priority.allCases), status: rng.pick(TaskStatus.allCases),
                                        dependsOn: (0..<rng.below(3)).map { _ in "T-\(rng.below(count + 3))" },
                                        created: rng.below(5) == 0 ? nil : past(), revision: 1 + rng.below(2),
                                        escalatedAt: rng.below(4) == 0 ? past() : nil)
                if rng.below(3) == 0 { task.reviewEscalatedAt = past() }
                files.append((task.path, .task(task)))
                for type in ReviewType.allCases where rng.below(2) == 0 {
                    let review = Fixture.review(task.id, type, status: rng.pick(ReviewStatus.allCases), revision: 1 + rng.below(2),
                                                requested: past(), escalatedAt: rng.below(4) == 0 ? past() : nil)
                    files.append((review.path, .review(review)))
                }
            }
            // A review of a task that does not exist: left out.
            let orphan = Fixture.review("T-999", .canon)
            files.append((orphan.path, .review(orphan)))
            let limit = Double(rng.below(600)) * 60
            var ws = Workspace(state: QueueState(files: files), context: RuleContext(config: .default, now: now, head: ""))
            assertEdgesAndClocksMatch(ws.state, limit: limit, now: now)
            for _ in 0..<40 {
                let id = "T-\(rng.below(count))"
                switch rng.below(4) {
                case 0:
                    let reviews = ws.state.reviews.keys.sorted()
                    guard !reviews.isEmpty else { break }
                    let review = rng.pick(reviews), status = rng.pick(ReviewStatus.allCases), requested = past()
                    let escalated: Date? = rng.below(3) == 0 ? past() : nil
                    ws.update(review: review) { $0.status = status; $0.requested = requested; $0.escalatedAt = escalated }
                case 1:
                    guard let task = ws.state.tasks[id] else { break }
                    let type = rng.pick(ReviewType.allCases)
                    ws.create(review: Fixture.review(id, type, revision: task.revision, requested: past()))
                default:
                    let status = rng.pick(TaskStatus.allCases), priority = rng.pick(Priority.allCases)
                    let dependsOn = rng.below(3) == 0 ? (0..<rng.below(3)).map { _ in "T-\(rng.below(count + 3))" } : nil
                    let created: Date? = rng.below(5) == 0 ? nil : past()
                    let escalated: Date? = rng.below(3) == 0 ? past() : nil, reported: Date? = rng.below(3) == 0 ? past() : nil
                    let bump = rng.below(5) == 0
                    ws.update(task: id) {
                        $0.status = status; $0.priority = priority; $0.created = created
                        $0.escalatedAt = escalated; $0.reviewEscalatedAt = reported
                        if let dependsOn { $0.dependsOn = dependsOn }
                        if bump { $0.revision += 1 }
                    }
                }
                assertEdgesAndClocksMatch(ws.state, limit: limit, now: now)
            }
        }
    }
}
