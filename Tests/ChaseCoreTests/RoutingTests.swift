import XCTest
@testable import ChaseCore

final class RoutingTests: XCTestCase {
    /// Every row of the blueprint's routing table.
    func testEveryBlueprintRouteGoesToItsAgent() {
        let rows: [(TaskType, String?, Int)] = [
            (.content, "tweet", 2), (.content, "thread", 2),
            (.content, "discord", 3), (.content, "event", 3), (.content, "community", 3),
            (.content, "banner", 4), (.content, "gacha", 4), (.content, "seasonal", 4),
            (.content, "novel", 7), (.content, "chapter", 7), (.content, "story", 7),
            (.asset, nil, 6), (.lore, nil, 1), (.analytics, nil, 5),
            (.ops, nil, 0), (.content, "podcast", 0), (.content, nil, 0),
        ]
        for (type, contentType, agent) in rows {
            let t = Fixture.task("X-1", type: type, contentType: contentType)
            let ws = Fixture.run(Fixture.state([t]))
            XCTAssertEqual(ws.state.tasks["X-1"]?.assignee, agent, "\(type) \(contentType ?? "-")")
            XCTAssertEqual(ws.value("queue/X-1.md", "assignee"), String(agent))
            XCTAssertEqual(ws.events(.taskAssigned).first?.payload["agent"], String(agent))
        }
    }

    func testExplicitAssigneeIsNeverOverridden() {
        let t = Fixture.task("CONTENT-1", assignee: 7)
        let ws = Fixture.run(Fixture.state([t]))
        XCTAssertEqual(ws.state.tasks["CONTENT-1"]?.assignee, 7)
        XCTAssertTrue(ws.events(.taskAssigned).isEmpty)
        XCTAssertNil(ws.edits["queue/CONTENT-1.md"])
    }

    func testFullAgentLeavesTaskUnassignedUntilRoomFrees() {
        var config = Config.default
        config.agents[2].maxConcurrent = 1
        let busy = Fixture.task("CONTENT-1", status: .inProgress, assignee: 2)
        let waiting = Fixture.task("CONTENT-2")
        var ws = Fixture.run(Fixture.state([busy, waiting]), config: config)
        XCTAssertNil(ws.state.tasks["CONTENT-2"]?.assignee)
        XCTAssertTrue(ws.events(.taskAssigned).isEmpty)

        let done = Fixture.task("CONTENT-1", status: .approved, assignee: 2)
        ws = Fixture.run(Fixture.state([done, waiting]), config: config)
        XCTAssertEqual(ws.state.tasks["CONTENT-2"]?.assignee, 2)
    }

    func testSecondCandidateGetsTaskWhenFirstIsFull() {
        var config = Config.default
        config.agents[2].maxConcurrent = 1
        config.routes["tweet"] = [2, 3]
        let busy = Fixture.task("CONTENT-1", status: .inProgress, assignee: 2)
        let ws = Fixture.run(Fixture.state([busy, Fixture.task("CONTENT-2")]), config: config)
        XCTAssertEqual(ws.state.tasks["CONTENT-2"]?.assignee, 3)
    }

    func testMostUrgentTaskGetsTheLastSlot() {
        var config = Config.default
        config.agents[2].maxConcurrent = 1
        let low = Fixture.task("CONTENT-1", priority: .p3, created: Fixture.at(-60))
        let urgent = Fixture.task("CONTENT-2", priority: .p0, created: Fixture.at(0))
        let ws = Fixture.run(Fixture.state([low, urgent]), config: config)
        XCTAssertEqual(ws.state.tasks["CONTENT-2"]?.assignee, 2)
        XCTAssertNil(ws.state.tasks["CONTENT-1"]?.assignee)
    }

    func testBlockedTaskIsNotRoutedUntilUnblocked() {
        let lore = Fixture.task("LORE-3", type: .lore, status: .inProgress, assignee: 1)
        let blocked = Fixture.task("CONTENT-15", status: .blocked, dependsOn: ["LORE-3"])
        var ws = Fixture.run(Fixture.state([lore, blocked]))
        XCTAssertNil(ws.state.tasks["CONTENT-15"]?.assignee)

        let done = Fixture.task("LORE-3", type: .lore, status: .complete, assignee: 1)
        ws = Fixture.run(Fixture.state([done, blocked]))
        XCTAssertEqual(ws.state.tasks["CONTENT-15"]?.status, .pending)
        XCTAssertEqual(ws.state.tasks["CONTENT-15"]?.assignee, 2, "a task that becomes pending is routed in the same tick")
        XCTAssertEqual(ws.events.map(\.type), [.dependencyResolved, .taskAssigned])
    }
}
