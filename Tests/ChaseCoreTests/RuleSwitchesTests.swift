import XCTest
@testable import ChaseCore

/// The blueprint's rollback plan: each rule switched off writes nothing and emits nothing of its
/// own, while the events of people's commits are still logged; the other rules go on.
final class RuleSwitchesTests: XCTestCase {
    private let commitEvent = Event(.taskCompleted, subject: "LORE-3", task: "LORE-3",
                                    source: EventSource(commit: "c0ffee", author: "Agent 01", email: "a1@example.com", time: Fixture.t0))

    private func run(_ state: QueueState, off: WritableKeyPath<RuleSwitches, Bool>, now: Date = Fixture.t0) -> Workspace {
        var config = Config.default
        config.rules[keyPath: off] = false
        let context = RuleContext(config: config, now: now, head: String(repeating: "a", count: 40))
        return RuleEngine.run(state: state, diffEvents: [commitEvent], context: context)
    }

    func testIntakeOffLeavesCreatedUnset() {
        let t = Fixture.task("OPS-1", type: .ops, assignee: 0, created: nil)
        let ws = run(Fixture.state([t]), off: \.intake)
        XCTAssertNil(ws.edits["queue/OPS-1.md"])
        XCTAssertEqual(ws.events.map(\.type), [.taskCompleted])
    }

    func testRoutingOffAssignsNothing() {
        let ws = run(Fixture.state([Fixture.task("CONTENT-1")]), off: \.routing)
        XCTAssertNil(ws.state.tasks["CONTENT-1"]?.assignee)
        XCTAssertTrue(ws.edits.isEmpty)
        XCTAssertEqual(ws.events.map(\.type), [.taskCompleted])
    }

    func testDependenciesOffNeitherBlocksNorUnblocks() {
        let lore = Fixture.task("LORE-3", type: .lore, status: .complete, assignee: 1)
        let waiting = Fixture.task("CONTENT-15", status: .blocked, assignee: 2, dependsOn: ["LORE-3"])
        let early = Fixture.task("CONTENT-16", assignee: 2, dependsOn: ["LORE-4"])
        let open = Fixture.task("LORE-4", type: .lore, status: .inProgress, assignee: 1)
        let ws = run(Fixture.state([lore, waiting, early, open]), off: \.dependencies)
        XCTAssertEqual(ws.state.tasks["CONTENT-15"]?.status, .blocked)
        XCTAssertEqual(ws.state.tasks["CONTENT-16"]?.status, .pending)
        XCTAssertTrue(ws.edits.isEmpty)
        XCTAssertEqual(ws.events.map(\.type), [.taskCompleted])
    }

    func testSLAOffEscalatesNothing() {
        let p0 = Fixture.task("OPS-1", type: .ops, priority: .p0, status: .inProgress, assignee: 0)
        let content = Fixture.task("CONTENT-1", tier: 2, status: .inReview, assignee: 2)
        let ws = run(Fixture.state([p0, content], [Fixture.review("CONTENT-1", .cultural)]), off: \.sla, now: Fixture.at(48 * 60))
        XCTAssertTrue(ws.edits.isEmpty)
        XCTAssertEqual(ws.events.map(\.type), [.taskCompleted])
    }

    func testTheOtherRulesGoOnWhenOneIsOff() {
        let lore = Fixture.task("LORE-3", type: .lore, status: .complete, assignee: 1)
        let waiting = Fixture.task("CONTENT-15", status: .blocked, dependsOn: ["LORE-3"])
        let ws = run(Fixture.state([lore, waiting]), off: \.routing)
        XCTAssertEqual(ws.state.tasks["CONTENT-15"]?.status, .pending, "dependencies still resolve")
        XCTAssertNil(ws.state.tasks["CONTENT-15"]?.assignee, "but nobody routes it")
        XCTAssertEqual(ws.events.map(\.type), [.taskCompleted, .dependencyResolved])
    }
}
