import XCTest
@testable import ChaseCore

/// Leases: a task in progress with no commit touching it past its priority's lease is taken back
/// and routed again; off by default, and never without the tick's record of the last touch.
final class LeasesTests: XCTestCase {
    private var config: Config {
        var c = Config.default
        c.sla.lease = [.p2: 2 * 3600]
        return c
    }

    private func run(touched: [String: Date]?, now: Double, config: Config? = nil, priority: Priority = .p2) -> Workspace {
        let state = Fixture.state([Fixture.task("CONTENT-1", priority: priority, status: .inProgress, assignee: 2)])
        var context = RuleContext(config: config ?? self.config, now: Fixture.at(now), head: String(repeating: "a", count: 40))
        context.lastTouched = touched
        return RuleEngine.run(state: state, diffEvents: [], context: context)
    }

    func testATaskUntouchedPastItsLeaseIsTakenBackAndRoutedAgain() {
        let ws = run(touched: ["CONTENT-1": Fixture.at(0)], now: 121)
        XCTAssertEqual(ws.events.map(\.type), [.taskLeaseExpired, .taskAssigned])
        XCTAssertEqual(ws.events(.taskLeaseExpired).first?.payload, ["agent": "2", "lease": "2h", "idle": "2h1m", "to": "0"])
        XCTAssertEqual(ws.value("queue/CONTENT-1.md", "status"), "pending")
        XCTAssertEqual(ws.state.tasks["CONTENT-1"]?.assignee, 2, "routed again: its route's first agent with room")
        XCTAssertEqual(ws.state.load(of: 2), 1, "capacity counts the task once")
    }

    func testATaskTouchedWithinItsLeaseStays() {
        XCTAssertEqual(run(touched: ["CONTENT-1": Fixture.at(0)], now: 120).events, [])
    }

    func testATaskNotTouchedInTheWholeWindowIsTakenBack() {
        let ws = run(touched: [:], now: 121)
        XCTAssertEqual(ws.events(.taskLeaseExpired).first?.payload, ["agent": "2", "lease": "2h", "to": "0"])
    }

    func testNoLeaseForThePriorityOrNoRecordOfTouchesChangesNothing() {
        XCTAssertEqual(run(touched: [:], now: 500, priority: .p3).events, [])
        XCTAssertEqual(run(touched: nil, now: 500).events, [])
        XCTAssertEqual(run(touched: [:], now: 500, config: .default).events, [], "off by default")
        XCTAssertEqual(Config.default.sla.lease, [:])
    }
}

/// The agents a tick gave work.
final class NewWorkTests: XCTestCase {
    func testAssignedRequestedResolvedAndSentBackWorkNamesItsAgents() {
        let state = Fixture.state([Fixture.task("CONTENT-1", status: .pending, assignee: 3),
                                   Fixture.task("CONTENT-2", status: .inProgress, assignee: 4, revision: 2)])
        let source = EventSource(commit: "c", author: "chase-bot", email: "bot@x", time: Fixture.t0)
        let events = [
            Event(.taskAssigned, subject: "CONTENT-9", source: source, payload: ["agent": "2"]),
            Event(.reviewRequested, subject: "CONTENT-8.cultural", source: source, payload: ["reviewer": "9"]),
            Event(.dependencyResolved, subject: "CONTENT-1", source: source),
            Event(.taskStarted, subject: "CONTENT-2", source: source, payload: ["revision": "2", "reason": "CONTENT-2.cultural changes_requested"]),
            Event(.taskStarted, subject: "CONTENT-2", source: source),
            Event(.taskAssigned, subject: "CONTENT-7", source: source, payload: ["agent": "42"]),
        ]
        XCTAssertEqual(NewWork.agents(events: events, state: state, config: .default), [2, 3, 4, 9])
        XCTAssertEqual(NewWork.agents(events: [events[4]], state: state, config: .default), [], "an agent starting its own task is no new work")
    }
}
