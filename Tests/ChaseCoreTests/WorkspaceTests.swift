import Foundation
import XCTest
@testable import ChaseCore

/// The rules change tasks and reviews; the files' key edits are derived from those changes, so a
/// file cannot come to say something other than the state.
final class WorkspaceTests: XCTestCase {
    private func workspace(_ state: QueueState, now: Date = Fixture.t0) -> Workspace {
        Workspace(state: state, context: RuleContext(config: .default, now: now, head: String(repeating: "a", count: 40)))
    }

    func testTheEditsAreTheKeysTheChangeMovedInTheFilesForm() {
        var ws = workspace(Fixture.state([Fixture.task("CONTENT-1")]))
        ws.update(task: "CONTENT-1") {
            $0.status = .inProgress
            $0.assignee = 3
            $0.escalatedAt = Fixture.at(90.5)
        }
        XCTAssertEqual(ws.edits["queue/CONTENT-1.md"]?.map { "\($0.key)=\($0.value ?? "-")" },
                       ["status=in_progress", "assignee=3", "escalated_at=2026-01-09T10:30:30Z"])
        XCTAssertEqual(ws.state.tasks["CONTENT-1"]?.assignee, 3)
    }

    func testAChangeThatMovesNothingEditsNothing() {
        var ws = workspace(Fixture.state([Fixture.task("CONTENT-1", status: .pending)]))
        ws.update(task: "CONTENT-1") { $0.status = .pending }
        XCTAssertTrue(ws.edits.isEmpty)
        XCTAssertEqual(ws.version, 0, "nothing changed, so the rules have settled")
    }

    func testTheLastValueOfAKeyWins() {
        var ws = workspace(Fixture.state([Fixture.task("CONTENT-1")], [Fixture.review("CONTENT-1", .cultural)]))
        ws.update(task: "CONTENT-1") { $0.status = .complete }
        ws.update(task: "CONTENT-1") { $0.status = .inReview }
        ws.update(review: "CONTENT-1.cultural") { $0.status = .closed }
        XCTAssertEqual(ws.value("queue/CONTENT-1.md", "status"), "in_review")
        XCTAssertEqual(ws.value("reviews/CONTENT-1.cultural.md", "status"), "closed")
    }

    func testEveryFileTheRulesEditReadsBackAsTheState() throws {
        // Routing, blocking, intake, reviews and the SLA all write in one run.
        let tasks = [
            Fixture.task("CONTENT-1", tier: 2, status: .complete, assignee: 2),
            Fixture.task("CONTENT-2", dependsOn: ["LORE-1"]),
            Fixture.task("LORE-1", type: .lore, created: nil),
            Fixture.task("OPS-1", type: .ops, priority: .p0, status: .inProgress, assignee: 5),
        ]
        let reviews = [Fixture.review("CONTENT-1", .cultural, status: .pending, requested: Fixture.at(-600))]
        let state = Fixture.state(tasks, reviews)
        var original: [String: [UInt8]] = [:]
        for t in tasks { original[t.path] = QueueFileText.task(t, body: "Notes.\n") }
        for r in reviews { original[r.path] = QueueFileText.review(r, body: "") }
        let ws = Fixture.run(state, now: Fixture.at(60 * 30))
        let plan = TickPlan.build(from: ws, original: original, source: EventSource(commit: "", author: "", email: "", time: Fixture.t0))
        XCTAssertGreaterThanOrEqual(plan.writes.count, 3)
        for write in plan.writes {
            switch QueueFileParser.parse(path: write.path, kind: .file, bytes: write.bytes) {
            case .task(let parsed):
                let expected = try XCTUnwrap(ws.state.tasks[parsed.id])
                XCTAssertEqual(QueueFileText.taskFields(parsed).map { "\($0.0)=\($0.1 ?? "-")" },
                               QueueFileText.taskFields(expected).map { "\($0.0)=\($0.1 ?? "-")" }, write.path)
            case .review(let parsed):
                let expected = try XCTUnwrap(ws.state.reviews[parsed.id])
                XCTAssertEqual(QueueFileText.reviewFields(parsed).map { "\($0.0)=\($0.1 ?? "-")" },
                               QueueFileText.reviewFields(expected).map { "\($0.0)=\($0.1 ?? "-")" }, write.path)
            default:
                XCTFail("\(write.path) does not parse")
            }
        }
    }
}
