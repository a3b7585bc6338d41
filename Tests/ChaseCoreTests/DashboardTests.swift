import Foundation
@testable import ChaseCore
import XCTest

final class DashboardTests: XCTestCase {
    private func queue() -> QueueState {
        var published = Fixture.task("CONTENT-9", status: .published, assignee: 2, scheduledAt: Fixture.at(-600))
        published.platform = "twitter"
        var scheduled = Fixture.task("CONTENT-10", status: .scheduled, assignee: 2, scheduledAt: Fixture.at(900))
        scheduled.platform = "twitter"
        scheduled.title = "Ika: tweet #6"
        return Fixture.state([
            published, scheduled,
            Fixture.task("CONTENT-11", tier: 2, status: .inReview, assignee: 2),
            Fixture.task("CONTENT-15", status: .blocked, assignee: 2, dependsOn: ["LORE-3"]),
            Fixture.task("LORE-3", type: .lore, status: .blocked, assignee: 1, dependsOn: ["LORE-2"]),
            Fixture.task("LORE-2", type: .lore, priority: .p0, status: .inProgress, assignee: 1),
            Fixture.task("OPS-1", type: .ops),
            Fixture.task("OPS-2", type: .ops, assignee: 42),
        ], [Fixture.review("CONTENT-11", .cultural, requested: Fixture.at(0))])
    }

    func testSLARisksAreSortedByTimeLeft() {
        let risks = SLARisk.all(in: queue(), config: .default, now: Fixture.at(70))
        XCTAssertEqual(risks.first?.subject, "CONTENT-11.cultural")
        XCTAssertEqual(risks.first?.leftText, "overdue 10m")
        XCTAssertEqual(risks.map(\.kind), [.review, .totalReview, .openTask])
        XCTAssertEqual(risks[2].subject, "LORE-2")
        XCTAssertEqual(risks[2].leftText, "22h50m left")
    }

    func testBlockedChainFollowsUnfinishedDependenciesToTheRoot() {
        XCTAssertEqual(BlockedChain.all(in: queue()).map(\.ids), [["CONTENT-15", "LORE-3", "LORE-2"], ["LORE-3", "LORE-2"]])
    }

    func testBlockedChainSurvivesACycle() {
        let state = Fixture.state([
            Fixture.task("A-1", status: .blocked, dependsOn: ["A-2"]), Fixture.task("A-2", status: .blocked, dependsOn: ["A-1"]),
        ])
        XCTAssertEqual(BlockedChain.all(in: state).first?.ids.prefix(2), ["A-1", "A-2"])
    }

    func testDashboardShowsBoardRisksChainsLoadAndDiagrams() {
        let text = Dashboard.render(queue(), config: .default, now: Fixture.at(70))
        XCTAssertTrue(text.contains("| agent | pending | blocked | in progress | in review | approved | scheduled | done |"))
        XCTAssertTrue(text.contains("| 02 Content Strategist |  | CONTENT-15 |  | CONTENT-11 |  | CONTENT-10 | 1 |"), text)
        XCTAssertTrue(text.contains("| unassigned | OPS-1 |"))
        XCTAssertTrue(text.contains("| 42 | OPS-2 |"), "an agent missing from the config keeps its row")
        XCTAssertTrue(text.contains("| **overdue 10m** | CONTENT-11.cultural | review | 09 | 2026-01-09T10:00:00Z |"))
        XCTAssertTrue(text.contains("- **CONTENT-15** → LORE-3 (blocked, 01) → LORE-2 (in_progress, 01)"))
        XCTAssertTrue(text.contains("| 01 Lore Writer | lore | 1 | 3 | █░░ |"))
        XCTAssertTrue(text.contains("  LORE_3 --> CONTENT_15"))
        XCTAssertTrue(text.contains("  CONTENT_15[\"CONTENT-15<br/>blocked\"]:::blocked"))
        XCTAssertTrue(text.contains("  section twitter\n  CONTENT-9 Task CONTENT-9 :done, CONTENT_9, 2026-01-08 23:00, 1h\n"
            + "  CONTENT-10 Ika tweet 6 :active, CONTENT_10, 2026-01-10 00:00, 1h"), text)
    }

    func testLargeQueuesAreCappedToStayReadable() {
        var tasks = (1...300).map { Fixture.task("CONTENT-\($0)", status: .blocked, assignee: 2, dependsOn: ["LORE-1"]) }
        tasks.append(Fixture.task("LORE-1", type: .lore, status: .inProgress, assignee: 1))
        tasks += (1...100).map { Fixture.task("POST-\($0)", status: .scheduled, scheduledAt: Fixture.at(Double($0) * 60)) }
        tasks.append(Fixture.task("POST-999", status: .published, scheduledAt: Fixture.at(-30 * 1440)))
        let state = Fixture.state(tasks)
        let graph = Mermaid.dependencyGraph(state)
        XCTAssertEqual(graph.omitted, 300 - 119)
        let gantt = Mermaid.contentGantt(state, now: Fixture.t0)
        XCTAssertEqual(gantt.omitted, 40)
        XCTAssertFalse(gantt.text.contains("POST-999"))
        let text = Dashboard.render(state, config: .default, now: Fixture.t0)
        XCTAssertTrue(text.contains("181 more waiting tasks not drawn"))
        XCTAssertTrue(text.contains("40 later posts not drawn"))
        XCTAssertTrue(text.contains(" +292 |"), "board cells list 8 ids and a count")
        XCTAssertTrue(text.contains("- … and 275 more\n"))
        XCTAssertLessThan(text.utf8.count, 40_000)
    }

    func testFinishedTasksLeaveTheGraph() {
        let state = Fixture.state([
            Fixture.task("LORE-1", type: .lore, status: .complete),
            Fixture.task("CONTENT-1", status: .published, dependsOn: ["LORE-1"]),
        ])
        XCTAssertFalse(Mermaid.dependencyGraph(state).text.contains("-->"))
    }

    func testSameInputsGiveTheSameBytes() {
        XCTAssertEqual(Dashboard.render(queue(), config: .default, now: Fixture.at(70)),
                       Dashboard.render(queue(), config: .default, now: Fixture.at(70)))
    }

    func testEmptyQueueSaysSo() {
        let text = Dashboard.render(QueueState(), config: .default, now: Fixture.t0)
        XCTAssertTrue(text.contains("No clock is running."))
        XCTAssertTrue(text.contains("Nothing is blocked."))
    }
}
