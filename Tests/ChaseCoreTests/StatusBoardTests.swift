import XCTest
@testable import ChaseCore

/// `chase status`: the board's figures, and its text plain and coloured.
final class StatusBoardTests: XCTestCase {
    private func sample() -> QueueState {
        Fixture.state(
            [Fixture.task("CONTENT-10", status: .inReview, assignee: 2),
             Fixture.task("CONTENT-11", assignee: 2), Fixture.task("CONTENT-12", status: .inProgress, assignee: 2),
             Fixture.task("CONTENT-13", assignee: 2), Fixture.task("CONTENT-14", assignee: 2),
             Fixture.task("CONTENT-15", status: .blocked, assignee: 2, dependsOn: ["LORE-3"]),
             Fixture.task("LORE-3", type: .lore, status: .blocked, assignee: 1, dependsOn: ["LORE-2", "LORE-9"]),
             Fixture.task("LORE-2", type: .lore, status: .inProgress, assignee: 1),
             Fixture.task("OPS-1", type: .ops, priority: .p0, created: Fixture.at(-25 * 60)),
             Fixture.task("OPS-2", type: .ops, assignee: 42)],
            [Fixture.review("CONTENT-10", .cultural, requested: Fixture.at(-90))])
    }

    func testTheBoardCountsLoadsReviewsBreachesAndBlocks() {
        let board = StatusBoard.build(sample(), config: .default, now: Fixture.at(0))
        XCTAssertEqual(board.counts["pending"], 5)
        XCTAssertEqual(board.counts["blocked"], 2)
        XCTAssertEqual(board.counts["published"], 0)

        let content = board.agents.first { $0.agent == 2 }!
        XCTAssertEqual(content.load, 4)
        XCTAssertEqual(content.capacity, 3)
        XCTAssertEqual(content.tasks["pending"], ["CONTENT-11", "CONTENT-13", "CONTENT-14"])
        XCTAssertEqual(board.agents.map(\.agent).suffix(2), [42, nil])
        XCTAssertEqual(board.agents.last?.name, "unassigned")
        XCTAssertEqual(board.agents.first { $0.agent == 42 }?.name, "not in the config")

        XCTAssertEqual(board.reviews.map(\.id), ["CONTENT-10.cultural"])
        XCTAssertEqual(board.reviews[0].left, -30 * 60)
        XCTAssertEqual(Set(board.breaches.map(\.subject)), ["CONTENT-10.cultural", "OPS-1"])

        XCTAssertEqual(board.blocked.map(\.id), ["CONTENT-15", "LORE-3"])
        XCTAssertEqual(board.blocked[1].waitsFor.map(\.id), ["LORE-2", "LORE-9"])
        XCTAssertEqual(board.blocked[1].waitsFor.map(\.status), ["in_progress", "missing"])
        XCTAssertEqual(board.blocked[0].chain, ["CONTENT-15", "LORE-3", "LORE-2"])
    }

    func testPlainTextHasNoEscapesAndSaysWhatWaitsForWhat() {
        let board = StatusBoard.build(sample(), config: .default, now: Fixture.at(0))
        let text = StatusText.render(board, title: "main at abc1234", colour: false)
        XCTAssertFalse(text.contains("\u{1B}"))
        XCTAssertTrue(text.hasPrefix("main at abc1234\n5 pending · 2 blocked · 2 in progress"), text)
        XCTAssertTrue(text.contains("  02 Content Strategist  4/3  pending: CONTENT-11, CONTENT-13, CONTENT-14 · in progress: CONTENT-12 · blocked: CONTENT-15 · in review: CONTENT-10\n"), text)
        XCTAssertTrue(text.contains("  CONTENT-10.cultural  cultural review by agent 09  overdue 30m (due 2026-01-09T08:30:00Z)\n"), text)
        XCTAssertTrue(text.contains("  LORE-3 (agent 01) waits for LORE-2 (in progress, agent 01), LORE-9 (missing)\n"), text)
        XCTAssertTrue(text.contains("  CONTENT-15 (agent 02) waits for LORE-3 (blocked, agent 01); chain: CONTENT-15 → LORE-3 → LORE-2\n"), text)
        // Columns line up: the breach times, and the agents' loads.
        XCTAssertTrue(text.contains("  overdue 1h   OPS-1 (open task)\n  overdue 30m  CONTENT-10.cultural (review, agent 09)\n"), text)
        XCTAssertTrue(text.contains("  42 not in the config   1/?  pending: OPS-2\n  unassigned                  pending: OPS-1\n"), text)
    }

    func testColourMarksOverloadAndLateness() {
        let board = StatusBoard.build(sample(), config: .default, now: Fixture.at(0))
        let text = StatusText.render(board, title: "main", colour: true)
        XCTAssertTrue(text.contains("\u{1B}[31m4/3\u{1B}[0m"), "over capacity in red")
        XCTAssertTrue(text.contains("\u{1B}[31moverdue 30m\u{1B}[0m"))
        XCTAssertTrue(text.contains("\u{1B}[1mmain\u{1B}[0m"))
    }

    func testAnEmptyQueueSaysNoneRatherThanNothing() {
        let text = StatusText.render(StatusBoard.build(QueueState(), config: .default, now: Fixture.at(0)), title: "main", colour: false)
        XCTAssertTrue(text.contains("Reviews pending\n  none\n"))
        XCTAssertTrue(text.contains("Blocked\n  nothing\n"))
        XCTAssertFalse(text.contains("unassigned"))
    }
}

/// `chase graph`, `chase new task`, duplicate ids and the events filter.
final class QueueToolsTests: XCTestCase {
    func testGraphHasEveryEdgeAndMissingIdsInBothFormats() {
        let state = Fixture.state([
            Fixture.task("CONTENT-15", status: .blocked, dependsOn: ["LORE-3", "LORE-9"]),
            Fixture.task("LORE-3", type: .lore, status: .complete),
            Fixture.task("OPS-1", type: .ops),
        ])
        let graph = DependencyGraph.build(state)
        XCTAssertEqual(graph.nodes.map(\.id), ["CONTENT-15", "LORE-3", "LORE-9"])
        XCTAssertEqual(graph.nodes.map(\.status), ["blocked", "complete", "missing"])
        XCTAssertEqual(DependencyGraph.build(state, all: true).nodes.count, 4)
        let mermaid = graph.mermaid()
        XCTAssertTrue(mermaid.hasPrefix("flowchart LR\n  CONTENT_15[\"CONTENT-15<br/>blocked\"]:::blocked\n"), mermaid)
        XCTAssertTrue(mermaid.contains("  LORE_3 --> CONTENT_15\n  LORE_9 --> CONTENT_15\n"))
        XCTAssertTrue(mermaid.contains("classDef missing"))
        let dot = graph.dot()
        XCTAssertTrue(dot.hasPrefix("digraph dependencies {\n"))
        XCTAssertTrue(dot.contains("  \"LORE-9\" [label=\"LORE-9\\nmissing\", fillcolor=\"#f8d7da\", style=\"rounded,dashed\"];\n"), dot)
        XCTAssertTrue(dot.contains("  \"LORE-3\" -> \"CONTENT-15\";\n"))
        XCTAssertTrue(dot.hasSuffix("}\n"))
    }

    func testNextIDFollowsTheHighestNumberAndItsWidth() {
        XCTAssertEqual(NewTaskFile.nextID(prefix: "CONTENT", taken: []), "CONTENT-001")
        XCTAssertEqual(NewTaskFile.nextID(prefix: "CONTENT", taken: ["CONTENT-009", "CONTENT-017", "LORE-500", "CONTENTS-900"]), "CONTENT-018")
        XCTAssertEqual(NewTaskFile.nextID(prefix: "LORE", taken: ["LORE-3", "LORE-12"]), "LORE-013")
        XCTAssertEqual(NewTaskFile.nextID(prefix: "OPS", taken: ["OPS-0099", "OPS-junk"]), "OPS-0100")
    }

    func testANewTaskFileParsesBackAsTheTaskAskedFor() throws {
        let request = NewTaskFile.Request(title: "Ika: tweet #7", type: .content, contentType: "tweet", priority: .p1,
                                          dependsOn: ["LORE-003"], body: "Playful.")
        let bytes = try NewTaskFile.text(id: "CONTENT-018", request).get()
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertEqual(text, "---\nid: CONTENT-018\ntitle: \"Ika: tweet #7\"\ntype: content\ncontent_type: tweet\npriority: P1\n"
            + "status: pending\ndepends_on: [LORE-003]\n---\nPlayful.\n")
        let task = QueueFileParser.parse(path: "queue/CONTENT-018.md", kind: .file, bytes: bytes).task
        XCTAssertEqual(task?.title, "Ika: tweet #7")
        XCTAssertEqual(task?.dependsOn, ["LORE-003"])
    }

    func testANewTaskThatCannotBeValidSaysWhy() {
        let empty = NewTaskFile.text(id: "OPS-001", .init(title: "  ", type: .ops))
        XCTAssertEqual(try? empty.get(), nil)
        guard case .failure(let problems) = NewTaskFile.text(id: "OPS-001", .init(title: "x", type: .ops, dependsOn: ["lore 3"])) else {
            return XCTFail("a bad dependency id must fail")
        }
        XCTAssertTrue(problems.first.message.contains("'lore 3', which is not a task id"), problems.description)
    }

    func testDuplicateIDsAreTheSameNumberWrittenTwice() {
        let state = Fixture.state([Fixture.task("CONTENT-10"), Fixture.task("CONTENT-010"), Fixture.task("CONTENT-11")])
        let problems = DuplicateIDs.problems(in: state)
        XCTAssertEqual(problems.map(\.description), [
            "queue/CONTENT-010.md:1: duplicate id: CONTENT-010 and CONTENT-10 are the same task number",
            "queue/CONTENT-10.md:1: duplicate id: CONTENT-10 and CONTENT-010 are the same task number",
        ])
    }

    func testEventFilterBySinceTypeAndTask() {
        let source = EventSource(commit: "c", author: "a", email: "e", time: Fixture.at(10))
        let events = [
            Event(.taskCompleted, subject: "CONTENT-10", task: "CONTENT-10", source: source),
            Event(.reviewRequested, subject: "CONTENT-10.cultural", task: "CONTENT-10", source: source),
            Event(.fileInvalid, subject: "queue/X.md", source: EventSource(commit: "c", author: "a", email: "e", time: Fixture.at(0))),
        ]
        XCTAssertEqual(events.filter(EventFilter(task: "CONTENT-10").includes).count, 2)
        XCTAssertEqual(events.filter(EventFilter(type: .reviewRequested).includes).map(\.subject), ["CONTENT-10.cultural"])
        XCTAssertEqual(events.filter(EventFilter(since: Fixture.at(5)).includes).count, 2)
        XCTAssertEqual(events.filter(EventFilter(since: Fixture.at(10)).includes).count, 2, "since is inclusive")
    }
}
