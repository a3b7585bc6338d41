import Chase
import ChaseCore
import Foundation
import XCTest

/// The history of events is whole: what a tick saw is in `chase events` whether or not it wrote
/// anything, a path change is a deletion and a creation, and deletions and reopenings are events.
final class EventHistoryTests: XCTestCase {
    let now = Timestamp.parse("2026-01-09T10:00:00Z")!

    private func tick(_ repo: TestRepo, env: [String: String] = [:], emit: @escaping @Sendable (String) -> Void = { _ in }) throws -> TickReport {
        var options = Tick.Options(repoPath: repo.path, branch: "main", now: now)
        options.environment = env
        options.emit = emit
        return try Tick(options: options).run()
    }

    /// `chase events --json` as `type subject author` lines.
    private func history(_ repo: TestRepo, _ extra: [String] = []) throws -> [String] {
        let result = try ChaseBinary.run(["events", "--repo", repo.path, "--json"] + extra)
        XCTAssertEqual(result.status, 0, result.stderr)
        let list = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        return list.map { "\($0["type"]!) \($0["subject"]!) \($0["author"]!)" }
    }

    private func lines(_ report: TickReport) -> [String] { report.events.map { "\($0.type.rawValue) \($0.subject)" } }

    func testAnEventOfATickThatWritesNothingIsInTheHistory() throws {
        let repo = try TestRepo()
        try repo.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", assignee: 1))
        try repo.commit("Add LORE-1")
        _ = try tick(repo)
        try repo.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", status: "in_progress", assignee: 1))
        try repo.commit("Agent 01: LORE-1 started", author: "Agent 01", email: "agent01@example.com")
        let report = try tick(repo)
        XCTAssertEqual(lines(report), ["task.started LORE-1"])
        XCTAssertTrue(report.writes.isEmpty)
        XCTAssertNil(report.commit, "nothing to write, no commit")
        XCTAssertEqual(try history(repo), ["task.created LORE-1 Human Lead", "task.started LORE-1 Agent 01"])
    }

    func testAHistoryWithoutAnyTickIsWholeToo() throws {
        let repo = try TestRepo()
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops", assignee: 6))
        try repo.commit("Add OPS-1")
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops", status: "complete", assignee: 6))
        try repo.commit("Done", author: "Agent 06", email: "agent06@example.com")
        XCTAssertEqual(try history(repo), ["task.created OPS-1 Human Lead", "task.completed OPS-1 Agent 06"])
        XCTAssertEqual(try history(repo, ["--type", "task.completed"]), ["task.completed OPS-1 Agent 06"])
    }

    func testAMovedTaskIsADeletionAndACreationWhateverDiffRenamesSays() throws {
        let repo = try TestRepo()
        try repo.git(["config", "diff.renames", "copies"])
        try repo.write("queue/LORE-001.md", TaskText.make("LORE-001", type: "lore", assignee: 1))
        try repo.commit("Add LORE-001")
        _ = try tick(repo)
        try repo.git(["mv", "queue/LORE-001.md", "queue/LORE-002.md"])
        try repo.write("queue/LORE-002.md", TaskText.make("LORE-002", type: "lore", assignee: 1))
        try repo.commit("LORE-001 was the wrong number")
        XCTAssertTrue(try repo.git(["show", "--stat", "-M", "--format=", "main"]).contains("=>"), "git itself pairs them as a rename")
        let report = try tick(repo)
        XCTAssertEqual(lines(report), ["task.deleted LORE-001", "task.created LORE-002"])
        XCTAssertEqual(report.events.map(\.author), ["Human Lead", "Human Lead"])
        XCTAssertEqual(report.events.first?.payload, ["status": "pending", "agent": "1"])
        XCTAssertEqual(try history(repo).suffix(2), ["task.deleted LORE-001 Human Lead", "task.created LORE-002 Human Lead"])
    }

    func testATaskReplacedByOneFromTheSameTemplateIsBothEvents() throws {
        let repo = try TestRepo()
        let brief = (1...30).map { "Step \($0) of the template, the same in every task made from it." }
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops", assignee: 6, extra: []) + brief.joined(separator: "\n") + "\n")
        try repo.commit("Add OPS-1")
        _ = try tick(repo)
        try repo.remove("queue/OPS-1.md")
        try repo.write("queue/OPS-2.md", TaskText.make("OPS-2", type: "ops", assignee: 6, extra: []) + brief.joined(separator: "\n") + "\n")
        try repo.commit("Replace OPS-1 with OPS-2")
        XCTAssertTrue(try repo.git(["show", "--stat", "-M", "--format=", "main"]).contains("=>"), "git's similarity pairs them")
        XCTAssertEqual(lines(try tick(repo)), ["task.deleted OPS-1", "task.created OPS-2"])
    }

    func testDeletionsAndReopeningsHaveEventsWithTheirAuthors() throws {
        let repo = try TestRepo()
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", tier: 2, status: "complete", assignee: 2,
                                                           extra: ["output: outputs/content/one.md"]))
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops", status: "complete", assignee: 6))
        try repo.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", status: "in_progress", assignee: 1))
        try repo.commit("Seed")
        _ = try tick(repo)
        XCTAssertTrue(try repo.show("main:reviews/CONTENT-1.cultural.md").contains("status: pending"))

        try repo.sync()
        try repo.remove("reviews/CONTENT-1.cultural.md")
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops", status: "pending", assignee: 6))
        try repo.commit("Not done after all", author: "Rin", email: "rin@example.com")
        try repo.remove("queue/LORE-1.md")
        try repo.commit("Drop LORE-1", author: "Kai", email: "kai@example.com")
        let emitted = Lines()
        let report = try tick(repo, env: ["GITHUB_ACTIONS": "true"], emit: { emitted.append($0) })
        let people = report.events.filter { $0.author != "chase-bot" }
        XCTAssertEqual(people.map { "\($0.type.rawValue) \($0.subject) \($0.author)" },
                       ["task.reopened OPS-1 Rin", "review.deleted CONTENT-1.cultural Rin", "task.deleted LORE-1 Kai"])
        XCTAssertEqual(people.map(\.payload), [["from": "complete", "status": "pending"],
                                                ["review_type": "cultural", "status": "pending", "reviewer": "9"],
                                                ["status": "in_progress", "agent": "1"]])
        // The coordinator hears of the deleted work in progress by default; a reopening is only logged.
        let notices = emitted.all.filter { $0.contains("LORE-1") || $0.contains("OPS-1") }
        XCTAssertEqual(notices.count, 1, emitted.all.joined(separator: "\n"))
        XCTAssertTrue(notices.first?.contains("Deleted: LORE-1 (in_progress, assigned to agent 01) by Kai") == true, notices.first ?? "")
        let all = try history(repo)
        for line in ["review.deleted CONTENT-1.cultural Rin", "task.reopened OPS-1 Rin", "task.deleted LORE-1 Kai"] {
            XCTAssertEqual(all.filter { $0 == line }.count, 1, "\(line) once in\n\(all.joined(separator: "\n"))")
        }
    }

    func testADependencyCycleSomeoneWroteIsRecordedThoughNoFileChanges() throws {
        let repo = try TestRepo()
        try repo.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", status: "in_progress", assignee: 1))
        try repo.write("queue/LORE-2.md", TaskText.make("LORE-2", type: "lore", status: "in_progress", assignee: 1))
        try repo.commit("Seed")
        _ = try tick(repo)
        try repo.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", status: "in_progress", assignee: 1, dependsOn: ["LORE-2"]))
        try repo.write("queue/LORE-2.md", TaskText.make("LORE-2", type: "lore", status: "in_progress", assignee: 1, dependsOn: ["LORE-1"]))
        try repo.commit("Each waits for the other")
        let head = try repo.rev("main")
        let report = try tick(repo)
        XCTAssertEqual(lines(report), ["file.invalid queue/LORE-1.md", "file.invalid queue/LORE-2.md"])
        XCTAssertTrue(report.writes.isEmpty)
        let commit = try XCTUnwrap(report.commit, "the rules' own events are committed even with no file to write")
        XCTAssertEqual(try repo.rev("\(commit)^{tree}"), try repo.rev("\(head)^{tree}"), "no file changed")
        XCTAssertEqual(try repo.rev("\(commit)^"), head)
        XCTAssertEqual(try history(repo, ["--type", "file.invalid"]),
                       ["file.invalid queue/LORE-1.md chase-bot", "file.invalid queue/LORE-2.md chase-bot"])
        let again = try tick(repo)
        XCTAssertNil(again.commit, "nothing new, nothing committed")
        XCTAssertTrue(again.events.isEmpty)
    }

    func testValidateSaysADependencyWhoseFileDoesNotParseIsInvalidAndWhere() throws {
        let repo = try TestRepo()
        try repo.write("queue/CONTENT-10.md", TaskText.make("CONTENT-10", dependsOn: ["LORE-2"]))
        try repo.write("queue/LORE-2.md", "---\nid: LORE-2\ntitle: [unclosed\ntype: lore\n---\n")
        try repo.commit("A dependency that does not parse")
        let result = try ChaseBinary.run(["validate", "--repo", repo.path])
        XCTAssertEqual(result.status, 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let problem = try XCTUnwrap(lines.first { $0.hasPrefix("queue/CONTENT-10.md:") }, result.stdout)
        XCTAssertTrue(problem.hasPrefix("queue/CONTENT-10.md:8: depends_on names LORE-2, whose file is invalid (queue/LORE-2.md:"), problem)
        XCTAssertFalse(problem.contains("does not exist"), problem)
        XCTAssertTrue(lines.contains { $0.hasPrefix("queue/LORE-2.md:") }, "the file itself is reported too")
    }

    func testEveryEventTypeIsInTheREADMETable() throws {
        let rows = try EventTable.rows()
        for type in EventType.allCases {
            XCTAssertNotNil(rows[type.rawValue], "\(type.rawValue) has no row in the README's event table")
        }
        XCTAssertEqual(Set(rows.keys), Set(EventType.allCases.map(\.rawValue)), "the table names no type that does not exist")
    }
}

/// The README's event table: each type's row, with the payload keys it names (in backquotes).
enum EventTable {
    static func rows() throws -> [String: String] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        var rows: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 4, cells[0].hasPrefix("`"), cells[0].hasSuffix("`") else { continue }
            let type = String(cells[0].dropFirst().dropLast())
            guard type.contains(".") else { continue }
            rows[type] = cells[3]
        }
        return rows
    }
}
