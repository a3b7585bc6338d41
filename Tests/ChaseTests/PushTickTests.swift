import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest

/// `chase tick --push` against a bare repository on disk: fetch, tick on the fetched head, push
/// branch and marker; what it does with the bot's checkout; and the inputs it refuses.
final class PushTickTests: XCTestCase {
    private func fixture() throws -> PushFixture {
        try PushFixture { server in
            try server.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", assignee: 1))
            try server.commit("Queue")
        }
    }

    func testFetchesTicksOnTheRemotesHeadAndPushesBranchAndMarker() throws {
        let f = try fixture()
        // Pushed after the bot's checkout was made: only a fetch shows it.
        let human = try f.otherWriterPushes("queue/ASSET-1.md", TaskText.make("ASSET-1", type: "asset"), message: "Add ASSET-1")

        let report = try f.pushTick()

        let commit = try XCTUnwrap(report.commit)
        XCTAssertEqual(report.head, human)
        XCTAssertEqual(report.push, PushReport(remote: "origin", attempts: 1,
                                               pushed: ["refs/heads/main", "refs/chase/processed/main", "refs/chase/notified/main"]))
        XCTAssertEqual(f.serverRev("main"), commit)
        XCTAssertEqual(f.serverRev("main^"), human)
        XCTAssertEqual(f.serverRev("refs/chase/processed/main"), commit)
        XCTAssertTrue(try f.server.show("main:queue/ASSET-1.md").contains("assignee: 6"))
        // The checkout followed: its branch is the remote's, its files the bot's, nothing to commit.
        XCTAssertEqual(try f.bot(["rev-parse", "main"]), commit)
        XCTAssertEqual(try f.bot(["rev-parse", "origin/main"]), commit, "the tracking branch follows the push")
        XCTAssertTrue(try String(contentsOfFile: f.botPath + "/queue/ASSET-1.md", encoding: .utf8).contains("assignee: 6"))
        XCTAssertEqual(try f.bot(["status", "--porcelain"]), "")
        XCTAssertEqual(try f.server.fsck(), "")
    }

    func testTheTickThatLandedWritesTheOneStepSummaryWithItsPush() throws {
        let f = try fixture()
        try f.otherWriterPushes("queue/ASSET-1.md", TaskText.make("ASSET-1", type: "asset"), message: "Add ASSET-1")
        let summary = f.server.root.appendingPathComponent("push-summary.md").path
        let report = try PushingTick(options: f.options(environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary])).run()
        let text = try String(contentsOfFile: summary, encoding: .utf8)
        XCTAssertEqual(text.components(separatedBy: "### Chase tick\n").count - 1, 1, text)
        XCTAssertTrue(text.contains("| commit | `\(try XCTUnwrap(report.commit).prefix(7))`: 1 file |"), text)
        XCTAssertTrue(text.contains("| push | origin: `refs/heads/main`"), text)
    }

    func testTheEngineRefusesPushOptionsThatContradictEachOther() throws {
        let f = try fixture()
        var dryRun = f.options()
        dryRun.tick.dryRun = true
        for (options, message) in [(dryRun, "--push and --dry-run cannot be combined: a dry run writes nothing to push"),
                                   (f.options(attempts: 0), "--push-attempts must be from 1 to 10, not 0")] {
            XCTAssertThrowsError(try PushingTick(options: options).run()) { error in
                guard case ChaseError.invalidArgument(let reason) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(reason, message)
            }
        }
        XCTAssertNil(f.serverRev("refs/chase/processed/main"), "nothing ran")
        XCTAssertNil(try? f.bot(["rev-parse", "--verify", "-q", "refs/chase/processed/main"]))
    }

    func testASecondPushTickWithNothingNewPushesNothing() throws {
        let f = try fixture()
        try f.otherWriterPushes("queue/ASSET-1.md", TaskText.make("ASSET-1", type: "asset"), message: "Add ASSET-1")
        _ = try f.pushTick()
        let before = try f.server.refs()

        let again = try f.pushTick(now: PushFixture.now.addingTimeInterval(60))

        XCTAssertNil(again.commit)
        XCTAssertEqual(again.events, [])
        XCTAssertEqual(again.push?.pushed, [])
        XCTAssertEqual(try f.server.refs(), before)
    }

    func testATickThatWritesNothingPushesOnlyTheBotsRefs() throws {
        let f = try fixture()
        _ = try f.pushTick()
        // A human commit outside the watched folders: read, nothing to write.
        try f.otherWriterPushes("README.md", "# Queue\n", message: "Readme")
        let head = try XCTUnwrap(f.serverRev("main"))

        let report = try f.pushTick(now: PushFixture.now.addingTimeInterval(60))

        XCTAssertNil(report.commit)
        XCTAssertEqual(report.push?.pushed, ["refs/chase/processed/main", "refs/chase/notified/main"])
        XCTAssertEqual(f.serverRev("refs/chase/processed/main"), head)
        XCTAssertEqual(f.serverRev("refs/chase/notified/main"), head)
        XCTAssertEqual(f.serverRev("main"), head)
    }

    func testALocalCommitThatIsNotTheBotsStopsTheTickAndIsKept() throws {
        let f = try fixture()
        try "local work\n".write(toFile: f.botPath + "/notes.md", atomically: true, encoding: .utf8)
        try f.bot(["add", "notes.md"])
        try f.bot(["commit", "-q", "-m", "Unpushed work"])
        let local = try f.bot(["rev-parse", "main"])
        try f.otherWriterPushes("queue/ASSET-1.md", TaskText.make("ASSET-1", type: "asset"), message: "Add ASSET-1")
        let remoteBefore = try f.server.refs()

        XCTAssertThrowsError(try f.pushTick()) { error in
            XCTAssertEqual("\(error)", "'main' has a commit that origin does not have; push it or tick without --push (nothing was changed)")
        }
        XCTAssertEqual(try f.bot(["rev-parse", "main"]), local)
        XCTAssertEqual(try f.server.refs(), remoteBefore)
    }

    func testAnEarlierRunsUnpushedBotCommitIsDroppedAndItsWorkDoneOnTheRemotesHead() throws {
        let f = try fixture()
        try f.otherWriterPushes("queue/ASSET-1.md", TaskText.make("ASSET-1", type: "asset"), message: "Add ASSET-1")
        try f.bot(["pull", "-q", "--ff-only"])
        // A plain tick commits locally and is never pushed (a run stopped before its push).
        let stranded = try XCTUnwrap(try Tick(options: f.options().tick).run().commit)
        try f.otherWriterPushes("queue/ASSET-2.md", TaskText.make("ASSET-2", type: "asset"), message: "Add ASSET-2")

        let report = try f.pushTick()

        XCTAssertTrue(report.notes.contains { $0.hasPrefix("dropped 1 bot commit an earlier run did not push") }, "\(report.notes)")
        XCTAssertNotEqual(report.commit, stranded)
        XCTAssertEqual(try f.server.botTickCommits().count, 1)
        for task in ["ASSET-1", "ASSET-2"] {
            XCTAssertTrue(try f.server.show("main:queue/\(task).md").contains("assignee: 6"), task)
        }
        XCTAssertEqual(try f.bot(["status", "--porcelain"]), "")
    }

    func testAnUncommittedEditToAFileTheFetchedCommitsChangeStopsTheTick() throws {
        let f = try fixture()
        try f.otherWriterPushes("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", status: "in_progress", assignee: 1), message: "Start LORE-1")
        try "edited here\n".write(toFile: f.botPath + "/queue/LORE-1.md", atomically: true, encoding: .utf8)
        let local = try f.bot(["rev-parse", "main"])

        XCTAssertThrowsError(try f.pushTick()) { error in
            XCTAssertEqual("\(error)", "uncommitted changes to queue/LORE-1.md, which the fetched commits change; commit or stash them and run again (nothing was changed)")
        }
        XCTAssertEqual(try f.bot(["rev-parse", "main"]), local)
        XCTAssertEqual(try String(contentsOfFile: f.botPath + "/queue/LORE-1.md", encoding: .utf8), "edited here\n")
    }

    func testAShallowCloneIsRefusedInOneLine() throws {
        let f = try fixture()
        try f.otherWriterPushes("queue/ASSET-1.md", TaskText.make("ASSET-1", type: "asset"), message: "Add ASSET-1")
        let shallow = f.server.root.appendingPathComponent("shallow").path
        try f.server.git(["clone", "-q", "--depth", "1", "file://" + f.server.path, shallow], in: f.server.root.path)
        var options = f.options()
        options.tick.repoPath = shallow

        XCTAssertThrowsError(try PushingTick(options: options).run()) { error in
            XCTAssertEqual("\(error)", "the repository is a shallow clone, which libgit2 cannot fetch into; check it out with fetch-depth: 0 (nothing was changed)")
        }
    }

    func testARemoteWithoutTheBranchIsNamedInTheError() throws {
        let f = try fixture()
        var options = f.options()
        options.tick.branch = "release"
        try f.bot(["branch", "release"])
        XCTAssertThrowsError(try PushingTick(options: options).run()) { error in
            XCTAssertEqual("\(error)", "origin has no branch 'release'; push it there first (nothing was changed)")
        }
    }

    func testAfterRewrittenHistoryTheMarkerIsReplacedWithoutForcing() throws {
        let f = try fixture()
        try f.otherWriterPushes("queue/ASSET-1.md", TaskText.make("ASSET-1", type: "asset"), message: "Add ASSET-1")
        _ = try f.pushTick()
        let oldMarker = try XCTUnwrap(f.serverRev("refs/chase/processed/main"))
        // Someone rewrites main on the server: back to the first commit, then a new task.
        try f.server.git(["update-ref", "refs/heads/main", try f.server.rev("main~2")])
        let scratch = f.server.workPath
        try f.server.git(["fetch", "-q", "origin"], in: scratch)
        try f.server.git(["reset", "-q", "--hard", "origin/main"], in: scratch)
        try f.otherWriterPushes("queue/ASSET-2.md", TaskText.make("ASSET-2", type: "asset"), message: "Add ASSET-2")
        // The next run's checkout is a new one, of the rewritten main.
        try f.bot(["fetch", "-q", "origin"])
        try f.bot(["reset", "-q", "--hard", "origin/main"])

        let report = try f.pushTick(now: PushFixture.now.addingTimeInterval(60))

        XCTAssertEqual(report.mode, .reconcile)
        let commit = try XCTUnwrap(report.commit)
        XCTAssertEqual(f.serverRev("refs/chase/processed/main"), commit)
        XCTAssertNotEqual(commit, oldMarker)
        XCTAssertTrue(try f.server.show("main:queue/ASSET-2.md").contains("assignee: 6"))
    }
}
