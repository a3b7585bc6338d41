import Chase
import ChaseCore
import Foundation
import XCTest

/// The tick's page in GitHub Actions: the step summary's table and the annotations for breaches
/// and invalid files, from a report built here and from a real `chase tick`.
final class TickSummaryTests: XCTestCase {
    private let source = EventSource(commit: String(repeating: "a", count: 40), author: "Agent 02", email: "a2@example.com",
                                     time: Timestamp.parse("2026-01-09T09:00:00Z")!)

    private func report(events: [Event], notifications: NotificationReport? = nil) -> TickReport {
        TickReport(branch: "main", head: String(repeating: "b", count: 40), mode: .incremental, since: String(repeating: "c", count: 40),
                   commitsRead: 2, notes: ["a note | with a pipe"], events: events, writes: ["queue/CONTENT-1.md"],
                   commit: String(repeating: "d", count: 40), markerMoved: true, dryRun: false, notifications: notifications,
                   push: PushReport(remote: "origin", attempts: 2, pushed: ["refs/heads/main", "refs/chase/processed/main"]))
    }

    func testTheSummaryTableSaysWhatWasReadCommittedAndPushed() {
        let events = [Event(.taskAssigned, subject: "CONTENT-1", task: "CONTENT-1", source: source, payload: ["assignee": "2"])]
        let text = TickSummary.markdown(report(events: events))
        XCTAssertTrue(text.hasPrefix("### Chase tick\n"), text)
        for row in ["| branch | `main` at `bbbbbbb` |", "| read | 2 new commits since `ccccccc` |",
                    "| commit | `ddddddd`: 1 file |", "| events | 1 |", "| note | a note \\| with a pipe |",
                    "| push | origin: `refs/heads/main`, `refs/chase/processed/main` (attempt 2) |",
                    "| `task.assigned` | CONTENT-1 | assignee=2 |"] {
            XCTAssertTrue(text.contains(row + "\n"), "missing \(row) in\n\(text)")
        }
        XCTAssertTrue(text.contains("Files: `queue/CONTENT-1.md`"), text)
    }

    func testABusyTickListsAHundredEventsAndPointsToTheRest() {
        let events = (1...130).map { Event(.taskCreated, subject: "ASSET-\($0)", task: "ASSET-\($0)", source: source) }
        let text = TickSummary.markdown(report(events: events))
        XCTAssertEqual(text.components(separatedBy: "| `task.created` |").count - 1, 100)
        XCTAssertTrue(text.contains("30 more events: `chase events` lists them all."), text)
    }

    func testInvalidFilesAreErrorsOnTheirLineAndBreachesWarningsOnTheFile() {
        let events = [
            Event(.fileInvalid, subject: "queue/BROKEN-1.md", source: source, payload: ["line": "3", "reason": "bad: YAML"]),
            Event(.slaExceeded, subject: "CONTENT-1.cultural", task: "CONTENT-1", source: source,
                  payload: ["kind": "review", "review_type": "cultural", "pending": "3h", "threshold": "2h"]),
            Event(.taskAssigned, subject: "CONTENT-2", task: "CONTENT-2", source: source),
        ]
        let lines = TickSummary.annotations(report(events: events), settings: .default)
        XCTAssertEqual(lines, [
            "::error file=queue/BROKEN-1.md,line=3,title=chase%3A invalid file::Invalid file: queue/BROKEN-1.md: bad: YAML",
            "::warning file=reviews/CONTENT-1.cultural.md,title=chase%3A sla.exceeded::SLA exceeded: CONTENT-1.cultural (cultural review) pending 3h, limit 2h",
        ])
        // When the notifications ran and a recipient gets these through GitHub, they annotated them already.
        XCTAssertEqual(TickSummary.annotations(report(events: events, notifications: NotificationReport()), settings: .default), [])
    }

    private func tick(_ repo: TestRepo, config: Config, environment: [String: String], lines: Lines) throws -> TickReport {
        var options = Tick.Options(repoPath: repo.path, branch: "main", now: Timestamp.parse("2026-01-09T10:00:00Z")!, config: config)
        options.environment = environment
        options.emit = { lines.append($0) }
        return try Tick(options: options).run()
    }

    private func brokenQueue() throws -> TestRepo {
        let repo = try TestRepo()
        try repo.write("queue/BROKEN-1.md", "---\nid: BROKEN-1\ntitle: [unclosed\n---\n")
        try repo.commit("A broken task")
        return repo
    }

    func testOutsideActionsNothingIsWrittenOrPrinted() throws {
        let repo = try brokenQueue()
        let summary = repo.root.appendingPathComponent("summary.md").path
        let lines = Lines()
        let report = try tick(repo, config: .default, environment: ["GITHUB_STEP_SUMMARY": summary], lines: lines)
        XCTAssertEqual(report.events.map(\.type), [.fileInvalid])
        XCTAssertEqual(lines.all, [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: summary))
    }

    func testATickWithACustomConfigWritesItsSummaryUnderThatConfig() throws {
        // The library caller's team has no recipient on the github channel, so no notification
        // annotates the invalid file: the summary must, under this config and not the defaults
        // (whose recipients would have annotated it already).
        var team = Config.default
        team.notifications.recipients = team.notifications.recipients.map { var r = $0; r.channels = [.webhook]; return r }
        let repo = try brokenQueue()
        let summary = repo.root.appendingPathComponent("summary.md").path
        let lines = Lines()
        let report = try tick(repo, config: team, environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary], lines: lines)
        XCTAssertEqual(report.notifications?.annotations, 0)
        XCTAssertEqual(lines.all.filter { $0.hasPrefix("::error file=queue/BROKEN-1.md") }.count, 1, lines.all.joined(separator: "\n"))
        let text = try String(contentsOfFile: summary, encoding: .utf8)
        XCTAssertTrue(text.contains("### Chase tick\n"), text)
        XCTAssertTrue(text.contains("| `file.invalid` | queue/BROKEN-1.md |"), text)
    }

    func testUnderTheDefaultsTheNotifiersAnnotationIsTheOnlyOne() throws {
        let repo = try brokenQueue()
        let summary = repo.root.appendingPathComponent("summary.md").path
        let lines = Lines()
        let report = try tick(repo, config: .default, environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary], lines: lines)
        XCTAssertEqual(report.notifications?.annotations, 1)
        XCTAssertEqual(lines.all.filter { $0.contains("queue/BROKEN-1.md") }.count, 1, lines.all.joined(separator: "\n"))
    }

    func testARealTickInActionsAppendsItsSummary() throws {
        let repo = try TestRepo()
        try repo.write("queue/ASSET-1.md", TaskText.make("ASSET-1", type: "asset"))
        try repo.commit("Add ASSET-1")
        let summary = repo.root.appendingPathComponent("summary.md")
        try "earlier step\n".write(to: summary, atomically: true, encoding: .utf8)

        let result = try ChaseBinary.run(["tick", "--repo", repo.path, "--now", "2026-01-09T10:00:00Z"],
                                         env: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary.path])

        XCTAssertEqual(result.status, 0, result.stderr)
        let text = try String(contentsOf: summary, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("earlier step\n### Chase tick\n"), text)
        XCTAssertTrue(text.contains("| commit | `\(try repo.rev("main").prefix(7))`: 1 file |"), text)
        XCTAssertTrue(text.contains("| `task.assigned` | ASSET-1 |"), text)
    }
}
