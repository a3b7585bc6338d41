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

    /// The blueprint's routing table row by row, as it is written there: the creators by content
    /// type, the only option for each review type, and agent 06 for visual and audio assets.
    func testEveryRowOfTheBlueprintsRoutingTable() {
        let creators: [(String, Int)] = [
            ("tweet", 2), ("thread", 2), ("discord", 3), ("banner", 4), ("novel", 7),
        ]
        for (contentType, agent) in creators {
            let ws = Fixture.run(Fixture.state([Fixture.task("CONTENT-1", contentType: contentType)]))
            XCTAssertEqual(ws.state.tasks["CONTENT-1"]?.assignee, agent, contentType)
        }
        for kind in ["visual", "audio"] {
            var asset = Fixture.task("ASSET-1", type: .asset)
            asset.contentType = kind
            XCTAssertEqual(Fixture.run(Fixture.state([asset])).state.tasks["ASSET-1"]?.assignee, 6, kind)
        }
        // Review rows: canon → 08 and cultural → 09 (tier 1's first stage), coordinator → 00.
        let tier1 = Fixture.run(Fixture.state([Fixture.task("CONTENT-2", tier: 1, status: .complete, assignee: 2)]))
        XCTAssertEqual(tier1.events(.reviewRequested).map { $0.payload["reviewer"]! }, ["8", "9"])
        let tier3 = Fixture.run(Fixture.state([Fixture.task("CONTENT-3", tier: 3, status: .complete, assignee: 2)]))
        XCTAssertEqual(tier3.state.reviews["CONTENT-3.coordinator"]?.reviewer, 0)
    }

    func testExplicitAssigneeOfAFullAgentStays() {
        var config = Config.default
        config.agents[2].maxConcurrent = 1
        let busy = Fixture.task("CONTENT-1", status: .inProgress, assignee: 2)
        let handed = Fixture.task("CONTENT-2", assignee: 2)
        let ws = Fixture.run(Fixture.state([busy, handed]), config: config)
        XCTAssertEqual(ws.state.tasks["CONTENT-2"]?.assignee, 2, "a person may give an agent more than routing would")
        XCTAssertTrue(ws.edits.isEmpty)
    }

    func testEveryCandidateFullLeavesTheTaskWaitingOnEveryTick() {
        var config = Config.default
        config.routes["tweet"] = [2, 3]
        config.agents[2].maxConcurrent = 1
        config.agents[3].maxConcurrent = 1
        let full = [Fixture.task("CONTENT-1", status: .inProgress, assignee: 2), Fixture.task("CONTENT-2", status: .pending, assignee: 3)]
        let waiting = Fixture.task("CONTENT-3")
        for minutes in [0.0, 15, 30] {
            let ws = Fixture.run(Fixture.state(full + [waiting]), now: Fixture.at(minutes), config: config)
            XCTAssertNil(ws.state.tasks["CONTENT-3"]?.assignee)
            XCTAssertTrue(ws.events.isEmpty, "waiting is not an event")
        }
        // Agent 03's pending task is cancelled: its room goes to the waiting task.
        let freed = [full[0], Fixture.task("CONTENT-2", status: .cancelled, assignee: 3)]
        XCTAssertEqual(Fixture.run(Fixture.state(freed + [waiting]), config: config).state.tasks["CONTENT-3"]?.assignee, 3)
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
