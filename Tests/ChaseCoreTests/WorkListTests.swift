import XCTest
@testable import ChaseCore

/// `chase next` and `chase agents due`: an agent's work in order, and who is due when.
final class WorkListTests: XCTestCase {
    private func at(_ s: String) -> Date { Timestamp.parse(s)! }

    func testOrderIsPriorityThenDeadlineThenAge() {
        let state = Fixture.state([
            Fixture.task("CONTENT-1", priority: .p2, assignee: 2, created: Fixture.at(-600)),
            Fixture.task("CONTENT-2", priority: .p1, assignee: 2, created: Fixture.at(0)),     // P1: 72h deadline
            Fixture.task("CONTENT-3", priority: .p1, assignee: 2, created: Fixture.at(-60)),   // earlier deadline
            Fixture.task("CONTENT-4", priority: .p2, status: .inProgress, assignee: 2, created: Fixture.at(-900)),
            Fixture.task("CONTENT-5", priority: .p0, assignee: 2, created: Fixture.at(0)),
            Fixture.task("CONTENT-6", priority: .p2, assignee: 2, created: nil),
            Fixture.task("CONTENT-7", priority: .p0, status: .blocked, assignee: 2),
            Fixture.task("CONTENT-8", priority: .p0, status: .complete, assignee: 2),
            Fixture.task("CONTENT-9", priority: .p0, assignee: 3),
        ])
        let items = WorkList.items(for: 2, in: state, config: .default)
        XCTAssertEqual(items.map(\.id), ["CONTENT-5", "CONTENT-3", "CONTENT-2", "CONTENT-4", "CONTENT-1", "CONTENT-6"])
        XCTAssertEqual(items[0].path, "queue/CONTENT-5.md")
        XCTAssertEqual(items[0].deadline, Fixture.at(24 * 60))
        XCTAssertNil(items[3].deadline)
    }

    func testPendingReviewsAreTheReviewersWorkWithTheirSLADeadline() {
        let state = Fixture.state(
            [Fixture.task("CONTENT-10", priority: .p2, status: .inReview, assignee: 2),
             Fixture.task("CONTENT-11", priority: .p3, status: .inReview, assignee: 2),
             Fixture.task("LORE-1", type: .lore, priority: .p2, assignee: 9, created: Fixture.at(-30))],
            [Fixture.review("CONTENT-10", .cultural, requested: Fixture.at(0)),
             Fixture.review("CONTENT-11", .cultural, requested: Fixture.at(-120)),
             Fixture.review("CONTENT-10", .canon, status: .approved)])
        let items = WorkList.items(for: 9, in: state, config: .default)
        XCTAssertEqual(items.map(\.id), ["CONTENT-10.cultural", "LORE-1", "CONTENT-11.cultural"])
        XCTAssertEqual(items[0].kind, .review)
        XCTAssertEqual(items[0].path, "reviews/CONTENT-10.cultural.md")
        XCTAssertEqual(items[0].deadline, Fixture.at(60))   // tier 2 cultural: 1h
        XCTAssertEqual(items[0].title, "cultural review: Task CONTENT-10")
    }

    func testAnAgentIsDueWithWorkOrWhenItsScheduleCameDueInTheWindow() throws {
        var config = Config.default
        config.agents[2].command = ["scripts/content-agent"]
        let state = Fixture.state([Fixture.task("LORE-1", type: .lore, assignee: 1)])
        // 05:00 falls in (04:00, 05:00]: agent 02's schedule; agent 01 has work; agent 00's 00:00 does not.
        let due = try AgentsDue.find(in: state, config: config, since: at("2026-01-09T04:00:00Z"), at: at("2026-01-09T05:00:00Z"))
        XCTAssertEqual(due.map(\.agent), [1, 2])
        XCTAssertEqual(due[0].work.map(\.id), ["LORE-1"])
        XCTAssertNil(due[0].schedule)
        XCTAssertEqual(due[1].schedule, "0 0,5,9 * * *")
        XCTAssertEqual(due[1].scheduledAt, at("2026-01-09T05:00:00Z"))
        XCTAssertEqual(due[1].reason, "schedule '0 0,5,9 * * *' at 2026-01-09T05:00:00Z")
        XCTAssertEqual(due[0].reason, "1 item waiting")
        // Only agents with a command make the workflow's matrix.
        XCTAssertEqual(AgentsDue.matrix(due), "{\"include\":[{\"agent\":2,\"handle\":\"agent-02\"}]}")
        XCTAssertEqual(AgentsDue.matrix([]), "{\"include\":[]}")
    }

    func testTheMatrixCarriesTheAgentsCommitEmailWhenItHasOne() throws {
        var config = Config.default
        config.agents[2].command = ["scripts/content-agent"]
        config.agents[2].identities = ["content\"bot@example.com", "other@example.com"]
        let due = try AgentsDue.find(in: Fixture.state([]), config: config, since: at("2026-01-09T04:00:00Z"), at: at("2026-01-09T05:00:00Z"))
        XCTAssertEqual(due.first?.identity, "content\"bot@example.com")
        XCTAssertEqual(AgentsDue.matrix(due), #"{"include":[{"agent":2,"handle":"agent-02","email":"content\"bot@example.com"}]}"#)
    }

    func testTheWindowStartIsExclusiveSoARunIsNotActivatedTwice() throws {
        let due = try AgentsDue.find(in: QueueState(), config: .default, since: at("2026-01-09T05:00:00Z"), at: at("2026-01-09T05:59:00Z"))
        XCTAssertEqual(due, [])
        let midnight = try AgentsDue.find(in: QueueState(), config: .default, since: at("2026-01-08T23:00:00Z"), at: at("2026-01-09T00:00:00Z"))
        XCTAssertEqual(midnight.map(\.agent), [0, 2])
    }

    func testABadScheduleNamesTheAgent() {
        var config = Config.default
        config.agents[5].schedules = ["0 25 * * *"]
        XCTAssertThrowsError(try AgentsDue.find(in: QueueState(), config: config, since: at("2026-01-09T00:00:00Z"), at: at("2026-01-09T01:00:00Z"))) {
            XCTAssertEqual(($0 as? AgentsDue.ScheduleError)?.description, "agent-05's schedule: hour field '25': 25 is outside 0-23")
        }
    }
}
