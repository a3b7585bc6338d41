import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest

/// History rewritten under the marker (amend + force-push, rebase), a marker naming a commit the
/// repository does not have, and shallow clones as `actions/checkout` makes them: the bot
/// reconciles from the head, says so once, and neither reports old events again nor re-sends
/// their notifications.
final class RewrittenHistoryTests: XCTestCase {
    let now = Timestamp.parse("2026-01-09T10:00:00Z")!

    private func tick(_ repo: TestRepo, _ log: AnnotationLog, path: String? = nil) throws -> TickReport {
        var options = repo.tickOptions(now: now, annotations: log)
        if let path { options.repoPath = path }
        return try Tick(options: options).run()
    }

    /// A queue one bot commit old, then a human commit that the next tick reports without writing
    /// anything: a task started and a file that does not parse (notified).
    private func reportedWithoutACommit(_ repo: TestRepo, _ log: AnnotationLog) throws -> TickReport {
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", tier: 2))
        try repo.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", assignee: 1))
        try repo.commit("Queue")
        XCTAssertNotNil(try tick(repo, log).commit)
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", tier: 2, status: "in_progress", assignee: 2))
        try repo.write("queue/BROKEN-1.md", "---\nid: BROKEN-1\ntitle: [\n---\n")
        try repo.commit("Start CONTENT-1", author: "Agent 02", email: "agent02@example.com")
        let report = try tick(repo, log)
        XCTAssertNil(report.commit)
        XCTAssertEqual(report.events.map(\.type), [.fileInvalid, .taskStarted])
        XCTAssertEqual(log.all.count, 1, "the invalid file is notified")
        return report
    }

    func testAmendedAndForcePushedCommitIsNotReportedAgain() throws {
        let repo = try TestRepo()
        let log = AnnotationLog()
        _ = try reportedWithoutACommit(repo, log)
        let marker = try repo.rev("refs/chase/processed/main")
        // The author amends the commit the bot already read (as a force-push would bring it).
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", title: "A better title", tier: 2, status: "in_progress", assignee: 2))
        try repo.git(["add", "-A"])
        try repo.git(["commit", "-q", "--amend", "--no-edit"])
        XCTAssertNotEqual(try repo.rev("main"), marker)

        let report = try tick(repo, log)
        XCTAssertEqual(report.mode, .reconcile)
        XCTAssertEqual(report.notes.filter { $0.contains("history rewritten") }.count, 1, "\(report.notes)")
        XCTAssertEqual(report.events, [], "task.started and file.invalid were reported already")
        XCTAssertNil(report.commit)
        XCTAssertEqual(log.all.count, 1, "no notification is sent again")
        XCTAssertEqual(try repo.rev("refs/chase/processed/main"), try repo.rev("main"))

        let next = try tick(repo, log)
        XCTAssertEqual(next.mode, .incremental)
        XCTAssertTrue(next.notes.allSatisfy { !$0.contains("rewritten") }, "said once: \(next.notes)")
        XCTAssertEqual(next.events, [])
    }

    func testRebasedBranchUnderTheMarkerReplaysNothing() throws {
        let repo = try TestRepo()
        let log = AnnotationLog()
        _ = try reportedWithoutACommit(repo, log)
        let botCommits = try repo.botTickCommits()
        XCTAssertEqual(botCommits.count, 1)
        // Every commit is rewritten (a rebase of the whole branch): the bot's commit gets a new id
        // and keeps its trailers; the marker names a commit no longer on the branch.
        let root = try repo.git(["rev-list", "--max-parents=0", "main"])
        try repo.git(["rebase", "-q", "--force-rebase", "--root"])
        XCTAssertNotEqual(try repo.git(["rev-list", "--max-parents=0", "main"]), root)
        XCTAssertFalse(try repo.botTickCommits().contains(botCommits[0]), "the bot's commit was rewritten too")
        let commitsBefore = try repo.log().count

        let report = try tick(repo, log)
        XCTAssertEqual(report.mode, .reconcile)
        XCTAssertTrue(report.notes.contains { $0.contains("history rewritten") }, "\(report.notes)")
        XCTAssertEqual(report.events, [])
        XCTAssertNil(report.commit)
        XCTAssertEqual(try repo.log().count, commitsBefore)
        XCTAssertEqual(log.all.count, 1)
    }

    func testForcePushThatDropsTheBotCommitRedoesItsWorkOnce() throws {
        let repo = try TestRepo()
        let log = AnnotationLog()
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", tier: 2))
        try repo.commit("Queue")
        _ = try tick(repo, log)
        try repo.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore"))
        let human = try repo.commit("Add LORE-1")
        let routed = try tick(repo, log)
        XCTAssertEqual(routed.events.map(\.type), [.taskCreated, .taskAssigned])
        // Someone force-pushes the branch back to before the bot's commit.
        try repo.git(["reset", "-q", "--hard", human])

        let report = try tick(repo, log)
        XCTAssertEqual(report.mode, .reconcile)
        XCTAssertTrue(report.notes.contains { $0.contains("history rewritten") }, "\(report.notes)")
        // The file says LORE-1 is unassigned again, so it is routed again; its creation is not news.
        XCTAssertEqual(report.events.map(\.type), [.taskAssigned])
        XCTAssertTrue(try repo.read("queue/LORE-1.md").contains("assignee: 1\n"))
        XCTAssertEqual(try repo.botTickCommits().count, 2)
        XCTAssertNil(try tick(repo, log).commit)
    }

    func testMarkerNamingAMissingCommitReconciles() throws {
        let repo = try TestRepo()
        let log = AnnotationLog()
        _ = try reportedWithoutACommit(repo, log)
        // The marker names a commit that is nowhere in this repository (lost, or from another clone).
        try Data("1234567890123456789012345678901234567890\n".utf8)
            .write(to: URL(fileURLWithPath: repo.path).appendingPathComponent(".git/refs/chase/processed/main"))
        try repo.write("queue/ASSET-1.md", TaskText.make("ASSET-1", type: "asset"))
        try repo.commit("Add ASSET-1")

        let report = try tick(repo, log)
        XCTAssertEqual(report.mode, .reconcile)
        XCTAssertTrue(report.notes.contains { $0.contains("1234567") }, "\(report.notes)")
        XCTAssertEqual(report.events.map(\.type), [.taskAssigned], "decided from the head: ASSET-1 is routed")
        XCTAssertEqual(log.all.count, 1)
        XCTAssertEqual(try repo.rev("refs/chase/processed/main"), try repo.rev("main"))
    }

    /// `actions/checkout` fetches one commit by default: the bot cannot see what came before, says
    /// so once, decides from the head, and the next tick (with the bot's commit) is incremental.
    func testShallowCloneReconcilesFromTheHeadAndSaysSoOnce() throws {
        let repo = try TestRepo()
        let log = AnnotationLog()
        _ = try reportedWithoutACommit(repo, log)
        try repo.write("queue/ASSET-1.md", TaskText.make("ASSET-1", type: "asset"))
        try repo.commit("Add ASSET-1")
        let clone = repo.root.appendingPathComponent("shallow").path
        try repo.git(["clone", "-q", "--depth", "1", "file://\(repo.path)", clone])
        XCTAssertEqual(try repo.git(["rev-parse", "--is-shallow-repository"], in: clone), "true")

        for _ in 0..<2 {
            // With and without the marker fetched beside it (its commit is not in the clone).
            let report = try tick(repo, log, path: clone)
            XCTAssertEqual(report.mode, .reconcile)
            XCTAssertEqual(report.notes.filter { $0.contains("shallow") }.count, 1, "\(report.notes)")
            XCTAssertEqual(report.events.map(\.type), [.taskAssigned], "decided from the head alone")
            XCTAssertTrue(report.events.allSatisfy { $0.subject == "ASSET-1" })
            XCTAssertEqual(log.all.count, 1, "the old invalid file is not notified again")
            let next = try tick(repo, log, path: clone)
            XCTAssertEqual(next.mode, .incremental)
            XCTAssertTrue(next.notes.allSatisfy { !$0.contains("shallow") }, "said once: \(next.notes)")
            XCTAssertEqual(next.events, [])
            XCTAssertNil(next.commit)
            // Again from a fresh shallow clone, this time with a marker that names a commit it lacks.
            try FileManager.default.removeItem(atPath: clone)
            try repo.git(["clone", "-q", "--depth", "1", "file://\(repo.path)", clone])
            let markerFile = URL(fileURLWithPath: clone).appendingPathComponent(".git/refs/chase/processed/main")
            try FileManager.default.createDirectory(at: markerFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((try repo.rev("main~1") + "\n").utf8).write(to: markerFile)
        }
    }

    /// Through the binary: the note is one line of the output, printed once.
    func testTheBinarySaysOnceThatItReconciled() throws {
        let repo = try TestRepo()
        _ = try reportedWithoutACommit(repo, AnnotationLog())
        try repo.git(["commit", "-q", "--amend", "-m", "Start CONTENT-1 (reworded)"])
        let args = ["tick", "--repo", repo.path, "--now", "2026-01-09T10:05:00Z"]
        let first = try ChaseBinary.run(args)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout.split(separator: "\n").filter { $0.hasPrefix("note: ") && $0.contains("history rewritten") }.count, 1,
                       first.stdout)
        let second = try ChaseBinary.run(args)
        XCTAssertFalse(second.stdout.contains("rewritten"), second.stdout)
        XCTAssertTrue(second.stdout.hasSuffix("nothing changed\n"), second.stdout)
    }
}
