import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest

final class TickTests: XCTestCase {
    let now = Timestamp.parse("2026-01-09T10:00:00Z")!

    private func tick(_ repo: TestRepo, at now: Date? = nil, dryRun: Bool = false,
                      hook: @escaping (Tick.Step, Repository) throws -> Void = { _, _ in }) throws -> TickReport {
        try Tick(options: .init(repoPath: repo.path, branch: "main", now: now ?? self.now, dryRun: dryRun), hook: hook).run()
    }

    private func seed(_ repo: TestRepo) throws {
        try repo.write("queue/CONTENT-10.md", TaskText.make("CONTENT-10", title: "Ika tweet", tier: 2, status: "in_progress", assignee: 2))
        try repo.write("queue/CONTENT-11.md", TaskText.make("CONTENT-11", contentType: "discord"))
        try repo.write("README.md", "# Queue\n")
        try repo.commit("Add the queue")
    }

    func testTickTwiceMakesOneBotCommit() throws {
        let repo = try TestRepo()
        try seed(repo)
        let first = try tick(repo)
        XCTAssertNotNil(first.commit)
        XCTAssertEqual(first.writes, ["queue/CONTENT-11.md"])
        let second = try tick(repo)
        XCTAssertNil(second.commit)
        XCTAssertTrue(second.events.isEmpty)
        XCTAssertEqual(try repo.log().filter { $0.hasPrefix("chase-bot|") }.count, 1)
        XCTAssertEqual(try repo.rev("refs/chase/processed/main"), try repo.rev("main"))
        // The work tree follows the branch: the routed task file on disk has its assignee.
        XCTAssertTrue(try repo.read("queue/CONTENT-11.md").contains("assignee: 3\n"))
        XCTAssertEqual(try repo.git(["status", "--porcelain"]), "")
    }

    func testCompletedContentTaskGetsReviewFilesAndStatus() throws {
        let repo = try TestRepo()
        try seed(repo)
        _ = try tick(repo)
        try repo.write("queue/CONTENT-10.md", TaskText.make("CONTENT-10", title: "Ika tweet", tier: 2, status: "complete", assignee: 2))
        try repo.commit("Agent 02: CONTENT-10 complete", author: "Agent 02", email: "agent02@example.com")
        let report = try tick(repo)
        XCTAssertEqual(report.events.map(\.type), [.taskCompleted, .reviewRequested])
        XCTAssertEqual(report.events[0].author, "Agent 02")
        XCTAssertEqual(Set(report.writes), ["queue/CONTENT-10.md", "reviews/CONTENT-10.cultural.md"])
        let review = try repo.show("main:reviews/CONTENT-10.cultural.md")
        XCTAssertTrue(review.contains("reviewer: 9\n"))
        XCTAssertTrue(review.contains("due: 2026-01-09T11:00:00Z\n"))
        XCTAssertTrue(try repo.show("main:queue/CONTENT-10.md").contains("status: in_review\n"))
        // The message lists the events and ends with trailers a program can read back.
        let message = try repo.git(["log", "-1", "--format=%B", "main"])
        XCTAssertTrue(message.contains("review.requested CONTENT-10.cultural"))
        let trailers = try repo.git(["log", "-1", "--format=%(trailers:key=Chase-Event,valueonly)", "main"])
        let events = trailers.split(separator: "\n").compactMap { Event.fromJSON(String($0)) }
        XCTAssertEqual(events.map(\.type), [.taskCompleted, .reviewRequested])
        XCTAssertEqual(try repo.git(["log", "-1", "--format=%(trailers:key=Chase-Processed,valueonly)", "main"]),
                       report.head)
    }

    func testTickOnBareRepository() throws {
        let repo = try TestRepo(bare: true)
        try seed(repo)
        let report = try tick(repo)
        XCTAssertNotNil(report.commit)
        XCTAssertTrue(try repo.show("main:queue/CONTENT-11.md").contains("assignee: 3"))
        XCTAssertNil(try tick(repo).commit)
        XCTAssertEqual(try repo.fsck(), "")
    }

    func testBranchMovedBetweenReadAndUpdateFailsCleanly() throws {
        let repo = try TestRepo(bare: true)
        try seed(repo)
        var otherCommit = ""
        XCTAssertThrowsError(try tick(repo, hook: { step, _ in
            guard step == .beforeBranchUpdate else { return }
            // Another writer pushes between the bot's read and its ref update.
            try repo.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore"))
            otherCommit = try repo.commit("Another writer")
        })) { error in
            guard case ChaseError.branchMoved("main") = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try repo.rev("main"), otherCommit, "the other writer's commit stays")
        XCTAssertNil(repo.revOrNil("refs/chase/processed/main"), "the marker did not move")
        XCTAssertEqual(try repo.fsck(), "")
        // The next tick does the work on the new head: both files routed in one bot commit.
        let report = try tick(repo)
        XCTAssertEqual(Set(report.writes), ["queue/CONTENT-11.md", "queue/LORE-1.md"])
        XCTAssertEqual(try repo.git(["rev-parse", "main^"]), otherCommit)
    }

    func testUnparsableTaskIsReportedAndOthersStillHandled() throws {
        let repo = try TestRepo()
        try seed(repo)
        _ = try tick(repo)
        try repo.write("queue/CONTENT-12.md", "---\nid: CONTENT-12\nassignee: @agent2\n---\n")
        try repo.write("queue/CONTENT-13.md", TaskText.make("CONTENT-13", contentType: "banner"))
        try repo.commit("Two more")
        let report = try tick(repo)
        let invalid = report.events.filter { $0.type == .fileInvalid }
        XCTAssertEqual(invalid.map(\.subject), ["queue/CONTENT-12.md"])
        XCTAssertEqual(invalid.first?.payload["line"], "3")
        XCTAssertNotNil(invalid.first?.payload["reason"])
        XCTAssertEqual(report.writes, ["queue/CONTENT-13.md"])
        XCTAssertTrue(try repo.show("main:queue/CONTENT-13.md").contains("assignee: 4"))
        XCTAssertEqual(try repo.show("main:queue/CONTENT-12.md"), "---\nid: CONTENT-12\nassignee: @agent2\n---",
                       "the invalid file is kept as it is")
    }

    func testDirtyWorkTreeIsRefusedAndNothingChanges() throws {
        let repo = try TestRepo()
        try seed(repo)
        let head = try repo.rev("main")
        try repo.write("queue/CONTENT-11.md", TaskText.make("CONTENT-11", contentType: "discord") + "local edit\n")
        XCTAssertThrowsError(try tick(repo)) { error in
            guard case ChaseError.dirtyWorkTree(let paths) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(paths, ["queue/CONTENT-11.md"])
        }
        XCTAssertEqual(try repo.rev("main"), head)
        XCTAssertNil(repo.revOrNil("refs/chase/processed/main"))
        XCTAssertTrue(try repo.read("queue/CONTENT-11.md").hasSuffix("local edit\n"), "the user's edit is kept")
    }

    func testDirtyFileTheBotDoesNotWriteIsFine() throws {
        let repo = try TestRepo()
        try seed(repo)
        try repo.write("README.md", "# Edited locally\n")
        XCTAssertNotNil(try tick(repo).commit)
        XCTAssertEqual(try repo.read("README.md"), "# Edited locally\n")
    }

    func testDryRunWritesNothing() throws {
        let repo = try TestRepo()
        try seed(repo)
        let head = try repo.rev("main")
        let report = try tick(repo, dryRun: true)
        XCTAssertEqual(report.writes, ["queue/CONTENT-11.md"])
        XCTAssertNil(report.commit)
        XCTAssertEqual(try repo.rev("main"), head)
        XCTAssertNil(repo.revOrNil("refs/chase/processed/main"))
        XCTAssertEqual(try repo.git(["status", "--porcelain"]), "")
    }

    func testEditKeepsEveryOtherByteOfTheTaskFile() throws {
        let repo = try TestRepo()
        let text = "---\r\nid: CONTENT-20   # the id\r\ntitle: \"Tweet: #1\"\r\ntype: content\r\ncontent_type: tweet\r\n"
            + "campaign: new-year   # unknown key\r\nstatus: pending\r\n---\r\nBody with --- inside\r\n---\r\nmore\r\n"
        try repo.write("queue/CONTENT-20.md", text)
        try repo.commit("CRLF task")
        _ = try tick(repo)
        let after = try repo.git(["cat-file", "blob", "main:queue/CONTENT-20.md"])
        let expected = "---\r\nid: CONTENT-20   # the id\r\ntitle: \"Tweet: #1\"\r\ntype: content\r\ncontent_type: tweet\r\n"
            + "campaign: new-year   # unknown key\r\nstatus: pending\r\ncreated: 2026-01-09T10:00:00Z\r\nassignee: 2\r\n---\r\nBody with --- inside\r\n---\r\nmore"
        XCTAssertEqual(after, expected)
    }

    func testCreatedIsTheTicksClockNotTheDateTheCommitClaims() throws {
        let repo = try TestRepo()
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops", priority: "P0", created: nil))
        try repo.git(["add", "-A"])
        // A backdated commit would make a new P0 task look years old (and escalate it at once).
        try repo.git(["commit", "-q", "-m", "Old news"], env: ["GIT_AUTHOR_DATE": "2020-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2020-01-01T00:00:00Z"])
        let report = try tick(repo)
        XCTAssertTrue(try repo.show("main:queue/OPS-1.md").contains("created: 2026-01-09T10:00:00Z\n"))
        XCTAssertFalse(report.events.contains { $0.type == .taskEscalated })
    }

    func testNewCommitsAfterTheBotCommitAreRead() throws {
        let repo = try TestRepo()
        try seed(repo)
        _ = try tick(repo)
        try repo.write("queue/ASSET-1.md", TaskText.make("ASSET-1", type: "asset"))
        try repo.commit("Add an asset")
        let report = try tick(repo)
        XCTAssertEqual(report.mode, .incremental)
        XCTAssertEqual(report.commitsRead, 1)
        XCTAssertEqual(report.events.map(\.type), [.taskCreated, .taskAssigned])
    }
}
