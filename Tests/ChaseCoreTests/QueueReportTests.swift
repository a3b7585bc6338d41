import Foundation
@testable import ChaseCore
import XCTest

final class QueueReportTests: XCTestCase {
    private func event(_ type: EventType, _ subject: String, at minutes: Double, author: String = "chase-bot",
                       _ payload: [String: String] = [:]) -> Event {
        Event(type, subject: subject, task: String(subject.prefix { $0 != "." }),
              source: EventSource(commit: "c", author: author, email: "", time: Fixture.at(minutes)), payload: payload)
    }

    private var history: [Event] {
        [
            event(.taskAssigned, "CONTENT-1", at: 0, ["agent": "2"]),
            event(.taskAssigned, "LORE-1", at: 0, ["agent": "1"]),
            event(.taskBlocked, "CONTENT-2", at: 0, ["blocked_by": "LORE-1"]),
            event(.taskCompleted, "CONTENT-1", at: 30, author: "Agent 02"),
            event(.reviewRequested, "CONTENT-1.cultural", at: 31, ["review_type": "cultural", "tier": "2"]),
            event(.reviewCompleted, "CONTENT-1.cultural", at: 61, author: "Agent 09", ["reviewer": "9", "status": "approved"]),
            event(.reviewRequested, "CONTENT-1.coordinator", at: 62, ["review_type": "coordinator", "tier": "2"]),
            event(.slaExceeded, "CONTENT-1.coordinator", at: 100, ["review_type": "coordinator", "kind": "review"]),
            event(.reviewCompleted, "CONTENT-1.coordinator", at: 110, author: "Lead", ["reviewer": "0", "status": "approved"]),
            event(.taskCompleted, "LORE-1", at: 120, author: "Agent 01"),
            event(.dependencyResolved, "CONTENT-2", at: 121),
            event(.taskEscalated, "OPS-1", at: 200, ["reason": "P0"]),
        ]
    }

    private var state: QueueState {
        Fixture.state([
            Fixture.task("CONTENT-1", tier: 2, status: .approved, assignee: 2),
            Fixture.task("LORE-1", type: .lore, status: .complete, assignee: 1),
            Fixture.task("CONTENT-2", status: .pending, assignee: 2),
            Fixture.task("OPS-1", type: .ops, priority: .p0, status: .inProgress, assignee: 0),
        ])
    }

    func testReviewTimesPerTypeAndTierAgainstSLA() {
        let r = QueueReport.build(events: history, humanTouched: [], state: state, config: .default, since: nil, until: Fixture.at(300))
        XCTAssertEqual(r.reviewTimes, [
            .init(reviewType: "coordinator", tier: 2, completed: 1, medianMinutes: 48, maxMinutes: 48, slaMinutes: 30, withinSLA: 0),
            .init(reviewType: "cultural", tier: 2, completed: 1, medianMinutes: 30, maxMinutes: 30, slaMinutes: 60, withinSLA: 1),
        ])
        XCTAssertEqual(r.slaExceeded, ["coordinator": 1])
        XCTAssertEqual(r.escalatedTasks, ["OPS-1"])
        XCTAssertEqual(r.dependencyResolutions, 1)
        XCTAssertEqual(r.medianBlockedMinutes, 121)
    }

    func testAReviewTypeHoldingABarIsReportedAsWrittenNotACrash() {
        // Event payloads are text from commits: a forged `review_type: "x|y"` once crashed the report.
        let events = [
            event(.reviewRequested, "CONTENT-1.x", at: 0, ["review_type": "x|y", "tier": "2"]),
            event(.reviewCompleted, "CONTENT-1.x", at: 10, ["reviewer": "9", "status": "approved"]),
        ]
        let r = QueueReport.build(events: events, humanTouched: [], state: state, config: .default, since: nil, until: Fixture.at(300))
        XCTAssertEqual(r.reviewTimes.map(\.reviewType), ["x|y"])
        XCTAssertEqual(r.reviewTimes.map(\.tier), [2])
    }

    func testWorkloadPerAgent() {
        let r = QueueReport.build(events: history, humanTouched: [], state: state, config: .default, since: nil, until: Fixture.at(300))
        let two = r.workload.first { $0.agent == 2 }!
        XCTAssertEqual([two.assigned, two.completed, two.reviewsDone, two.load, two.capacity], [1, 1, 0, 1, 3])
        XCTAssertEqual(r.workload.first { $0.agent == 9 }?.reviewsDone, 1)
    }

    func testShareOfFinishedTasksNoHumanChanged() {
        let r = QueueReport.build(events: history, humanTouched: ["CONTENT-1"], state: state, config: .default, since: nil, until: Fixture.at(300))
        XCTAssertEqual(r.finished, ["CONTENT-1", "LORE-1"])
        XCTAssertEqual(r.finishedWithoutHumans, ["LORE-1"])
        XCTAssertEqual(r.autonomousShare, 0.5)
        XCTAssertTrue(ReportText.render(r, config: .default).contains("No human change: 1 of 2 finished tasks (50%)"))
    }

    func testSinceLeavesEarlierEventsOut() {
        let r = QueueReport.build(events: history, humanTouched: [], state: state, config: .default, since: Fixture.at(115), until: Fixture.at(300))
        XCTAssertEqual(r.reviewTimes, [])
        XCTAssertEqual(r.finished, ["LORE-1"])
        XCTAssertEqual(r.slaExceeded, [:])
        XCTAssertEqual(r.workload.first { $0.agent == 2 }?.assigned, 0)
    }

    func testAuthorsAreBotAgentOrHuman() {
        var config = Config.default
        XCTAssertEqual(AuthorKind.of(name: "chase-bot", email: config.botEmail, isBotCommit: true, config: config), .bot)
        XCTAssertEqual(AuthorKind.of(name: "Agent 02", email: "a@x", isBotCommit: false, config: config), .agent)
        XCTAssertEqual(AuthorKind.of(name: "Human Lead", email: "lead@x", isBotCommit: false, config: config), .human)
        config.agents[2].identities = ["content@x"]
        XCTAssertEqual(AuthorKind.of(name: "Agent 02", email: "a@x", isBotCommit: false, config: config), .human)
        XCTAssertEqual(AuthorKind.of(name: "Anyone", email: "CONTENT@x", isBotCommit: false, config: config), .agent)
    }

    func testClaimingTheBotsIdentityDoesNotMakeACommitTheBots() {
        let config = Config.default
        XCTAssertEqual(AuthorKind.of(name: config.botName, email: config.botEmail, isBotCommit: false, config: config), .human)
    }
}
