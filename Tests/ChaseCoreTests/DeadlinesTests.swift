import XCTest
@testable import ChaseCore
import SeededRandom

/// `Deadlines.next` against the rules themselves: over seeded random states and clocks, a state on
/// which the rules did nothing stays quiet at every time before the deadline, and something is due
/// just after it (so the deadline is the rules' own, not merely a safe guess).
final class DeadlinesTests: XCTestCase {
    private var config: Config {
        var c = Config.default
        c.sla.lease = [.p1: 3600, .p2: 2 * 3600]
        return c
    }

    private func context(_ now: Date, touched: [String: Date]) -> RuleContext {
        var c = RuleContext(config: config, now: now, head: String(repeating: "a", count: 40))
        c.lastTouched = touched
        return c
    }

    /// Nothing edited, created, said or due for publishing at `now`.
    private func isQuiet(_ state: QueueState, at now: Date, touched: [String: Date]) -> Bool {
        let ws = RuleEngine.run(state: state, diffEvents: [], context: context(now, touched: touched))
        return ws.events.isEmpty && ws.editOrder.isEmpty && ws.createdReviews.isEmpty
            && Publishing.due(in: state, now: now).isEmpty
    }

    private func randomState(_ rng: inout SeededRandom) -> (QueueState, [String: Date]) {
        func time() -> Date { Fixture.at(Double(rng.below(48 * 60)) - 24 * 60) }
        var tasks: [Task] = [], reviews: [Review] = [], touched: [String: Date] = [:]
        for i in 0..<(3 + rng.below(25)) {
            let id = "CONTENT-\(i)"
            var task = Fixture.task(id, type: rng.below(3) == 0 ? .analytics : .content, priority: rng.pick(Priority.allCases),
                                    tier: rng.below(3) == 0 ? nil : 1 + rng.below(3), status: rng.pick(TaskStatus.allCases),
                                    assignee: rng.below(3) == 0 ? nil : rng.below(10),
                                    dependsOn: rng.below(5) == 0 ? ["CONTENT-\(rng.below(30))"] : [],
                                    created: time(), scheduledAt: rng.below(2) == 0 ? time() : nil,
                                    escalatedAt: rng.below(4) == 0 ? time() : nil)
            if rng.below(4) == 0 { task.reviewEscalatedAt = time() }
            tasks.append(task)
            if rng.below(2) == 0 { touched[id] = time() }
            for type in ReviewType.allCases where rng.below(3) == 0 {
                reviews.append(Fixture.review(id, type, status: rng.pick(ReviewStatus.allCases), requested: time(),
                                              escalatedAt: rng.below(4) == 0 ? time() : nil))
            }
        }
        return (Fixture.state(tasks, reviews), touched)
    }

    func testAQuietStateStaysQuietUntilItsDeadlineAndNotAfter() {
        var rng = SeededRandom(seed: 15)
        var quietStates = 0, withDeadline = 0
        for _ in 0..<400 {
            var (state, touched) = randomState(&rng)
            let t0 = Fixture.at(Double(rng.below(12 * 60)))
            // The state as a tick at t0 leaves it (its commit), which the next tick reads.
            state = RuleEngine.run(state: state, diffEvents: [], context: context(t0, touched: touched)).state
            for id in state.tasks(withStatus: .inProgress).map(\.id) where touched[id] == nil { touched[id] = t0 }
            guard isQuiet(state, at: t0, touched: touched) else { continue }
            quietStates += 1
            let deadline = Deadlines.next(state: state, context: context(t0, touched: touched))
            guard let deadline else {
                // No clock runs: quiet a year on.
                XCTAssertTrue(isQuiet(state, at: t0.addingTimeInterval(365 * 86_400), touched: touched))
                continue
            }
            // A rule fires once the clock is past its time, so at t0 itself the deadline may just be reached.
            XCTAssertGreaterThanOrEqual(deadline, t0, "quiet at t0, so nothing was due before")
            withDeadline += 1
            for fraction in [0.25, 0.5, 0.9] {
                let t = t0.addingTimeInterval(deadline.timeIntervalSince(t0) * fraction)
                XCTAssertTrue(isQuiet(state, at: t, touched: touched), "something fired at \(t), before \(deadline)")
            }
            XCTAssertTrue(isQuiet(state, at: deadline.addingTimeInterval(-0.001), touched: touched))
            XCTAssertFalse(isQuiet(state, at: deadline.addingTimeInterval(1), touched: touched),
                           "nothing fired a second after the deadline \(deadline): it is not the rules' own")
        }
        // The seeds give both kinds, or the test proves little.
        XCTAssertGreaterThan(quietStates, 50)
        XCTAssertGreaterThan(withDeadline, 30)
    }

    func testSomethingAlreadyDueIsADeadlineInThePast() {
        var c = context(Fixture.t0, touched: [:])
        c.config = config
        let state = Fixture.state([Fixture.task("CONTENT-1", priority: .p2, status: .inProgress, assignee: 1)])
        // In progress under a lease, never touched: due at once.
        XCTAssertEqual(Deadlines.next(state: state, context: c), .distantPast)
    }

    func testNoClockNoDeadline() {
        let state = Fixture.state([Fixture.task("CONTENT-1", status: .approved)])
        XCTAssertNil(Deadlines.next(state: state, context: context(Fixture.t0, touched: [:])))
    }
}
