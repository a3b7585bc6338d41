@testable import Chase
import ChaseCore
import Foundation
import XCTest

/// A tick with nothing new answered from the last quiet tick's record (`QuietTick`), on real
/// repositories: the same report the whole tick gives, until the first deadline, and never when
/// anything it depends on moved. "Answered from the record" is shown by taking the repository's
/// objects away: the whole tick cannot run without them, the answer from the record does not read them.
final class QuietTickTests: XCTestCase {
    let now = Timestamp.parse("2026-01-09T10:00:00Z")!
    /// CONTENT-10 is a P1 task created at 09:00 and open: escalated after 72 hours.
    let deadline = Timestamp.parse("2026-01-12T09:00:00Z")!

    private func options(_ repo: TestRepo, at time: Date, shortcut: Bool = true) -> Tick.Options {
        var o = Tick.Options(repoPath: repo.path, now: time)
        o.environment = [:]
        o.quietShortcut = shortcut
        return o
    }

    private func tick(_ repo: TestRepo, at time: Date, shortcut: Bool = true, _ change: (inout Tick.Options) -> Void = { _ in }) throws -> TickReport {
        var o = options(repo, at: time, shortcut: shortcut)
        change(&o)
        return try Tick(options: o).run()
    }

    private func json(_ report: TickReport) throws -> String {
        String(decoding: try Timestamp.jsonEncoder().encode(report), as: UTF8.self)
    }

    private func gitDir(_ repo: TestRepo) -> String { repo.bare ? repo.path : repo.path + "/.git" }

    /// A queue ticked twice: the first tick routes and commits, the second finds nothing and records it.
    private func seeded(bare: Bool = false) throws -> TestRepo {
        let repo = try TestRepo(bare: bare)
        try repo.write("queue/CONTENT-10.md", TaskText.make("CONTENT-10", priority: "P1", status: "in_progress", assignee: 2))
        try repo.write("queue/CONTENT-11.md", TaskText.make("CONTENT-11", contentType: "discord"))
        try repo.commit("Add the queue")
        XCTAssertNotNil(try tick(repo, at: now).commit)
        XCTAssertTrue(QuietTick.isQuiet(try tick(repo, at: now)))
        XCTAssertTrue(FileManager.default.fileExists(atPath: QuietTick.path(gitDir: gitDir(repo))))
        return repo
    }

    /// Runs `body` with the repository's objects out of reach.
    private func withoutObjects<T>(_ repo: TestRepo, _ body: () throws -> T) throws -> T {
        let objects = gitDir(repo) + "/objects"
        try FileManager.default.moveItem(atPath: objects, toPath: objects + ".away")
        defer { try? FileManager.default.moveItem(atPath: objects + ".away", toPath: objects) }
        return try body()
    }

    /// The tick at `time` is not answered from the record: without the objects it fails.
    private func assertNotAnswered(_ repo: TestRepo, at time: Date, _ change: (inout Tick.Options) -> Void = { _ in },
                                   file: StaticString = #filePath, line: UInt = #line) throws {
        try withoutObjects(repo) {
            XCTAssertThrowsError(try tick(repo, at: time, change), "answered from the record", file: file, line: line)
        }
    }

    func testAQuietTickIsAnsweredAsTheWholeTickAnswersUntilTheFirstDeadline() throws {
        for bare in [false, true] {
            let repo = try seeded(bare: bare)
            for time in [now.addingTimeInterval(60), now.addingTimeInterval(86_400), deadline.addingTimeInterval(-1)] {
                let whole = try tick(repo, at: time, shortcut: false)
                let answered = try withoutObjects(repo) { try tick(repo, at: time) }
                XCTAssertEqual(try json(answered), try json(whole), "bare: \(bare)")
            }
            // The control: without the objects, the whole tick cannot run.
            XCTAssertThrowsError(try withoutObjects(repo) { try tick(repo, at: now.addingTimeInterval(60), shortcut: false) })
        }
    }

    func testPastTheDeadlineTheWholeTickRunsAndActs() throws {
        let repo = try seeded()
        try assertNotAnswered(repo, at: deadline)
        let report = try tick(repo, at: deadline.addingTimeInterval(1))
        XCTAssertEqual(report.events.map(\.type), [.taskEscalated])
        XCTAssertNotNil(report.commit)
    }

    func testANewCommitIsRead() throws {
        let repo = try seeded()
        try repo.write("queue/CONTENT-12.md", TaskText.make("CONTENT-12"))
        try repo.commit("Add CONTENT-12")
        try assertNotAnswered(repo, at: now.addingTimeInterval(60))
        let report = try tick(repo, at: now.addingTimeInterval(60))
        XCTAssertEqual(report.commitsRead, 1)
        XCTAssertEqual(report.events.first?.type, .taskCreated)
    }

    func testARefMovedAwayFromTheHeadIsNotAnswered() throws {
        for ref in ["refs/chase/processed/main", "refs/chase/notified/main"] {
            let repo = try seeded()
            try repo.git(["update-ref", ref, "main~1"])
            try assertNotAnswered(repo, at: now.addingTimeInterval(60))
        }
    }

    func testWhatTheRecordDoesNotCoverGoesTheWholeWay() throws {
        let repo = try seeded()
        let later = now.addingTimeInterval(60)
        // An earlier clock than the quiet tick's.
        try assertNotAnswered(repo, at: now.addingTimeInterval(-60))
        // A dry run, a push's rounds, GitHub Actions (its step summary), another config, another branch.
        try assertNotAnswered(repo, at: later) { $0.dryRun = true }
        try assertNotAnswered(repo, at: later) { $0.notify = false }
        try assertNotAnswered(repo, at: later) { $0.environment = ["GITHUB_ACTIONS": "true"] }
        try assertNotAnswered(repo, at: later) { $0.config.rules.sla = false }
        try repo.git(["branch", "other"])
        try assertNotAnswered(repo, at: later) { $0.branch = "other" }
        // Still answered when nothing of that applies.
        XCTAssertTrue(QuietTick.isQuiet(try withoutObjects(repo) { try tick(repo, at: later) }))
    }

    func testADamagedOrForeignRecordIsIgnored() throws {
        let repo = try seeded()
        let path = QuietTick.path(gitDir: gitDir(repo))
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: good, as: UTF8.self)
        for bad in [Data([0xFF, 0x00, 0x7B]), good.prefix(good.count / 2),
                    Data(text.replacingOccurrences(of: "\"build\":\"", with: "\"build\":\"another ").utf8)] {
            try bad.write(to: URL(fileURLWithPath: path))
            try assertNotAnswered(repo, at: now.addingTimeInterval(60))
            XCTAssertTrue(QuietTick.isQuiet(try tick(repo, at: now.addingTimeInterval(60))))
            // The whole tick wrote a good record again.
            XCTAssertTrue(QuietTick.isQuiet(try withoutObjects(repo) { try tick(repo, at: now.addingTimeInterval(120)) }))
        }
    }

    func testPackedRefsAreReadAsLooseOnesAre() throws {
        let repo = try seeded()
        try repo.git(["pack-refs", "--all"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/.git/refs/heads/main"))
        XCTAssertTrue(QuietTick.isQuiet(try withoutObjects(repo) { try tick(repo, at: now.addingTimeInterval(60)) }))
    }

    func testRefFilesAgreeWithGit() throws {
        let repo = try TestRepo()
        try repo.write("a.md", "a\n")
        let first = try repo.commit("first")
        try repo.write("a.md", "b\n")
        let second = try repo.commit("second")
        try repo.git(["update-ref", "refs/chase/processed/main", first])
        let refs = try XCTUnwrap(RefFiles(repositoryAt: repo.path))
        XCTAssertEqual(refs.headBranch(), "main")
        XCTAssertEqual(refs.target("refs/heads/main"), second)
        XCTAssertEqual(refs.target("refs/chase/processed/main"), first)
        XCTAssertNil(refs.target("refs/heads/nothing"))
        XCTAssertNil(refs.target("refs/heads/../HEAD"))
        // Packed, then a loose ref over the packed one: the loose one wins, as in git.
        try repo.git(["pack-refs", "--all"])
        XCTAssertEqual(refs.target("refs/heads/main"), second)
        try repo.git(["update-ref", "refs/chase/processed/main", second])
        XCTAssertEqual(refs.target("refs/chase/processed/main"), try repo.rev("refs/chase/processed/main"))
        XCTAssertEqual(refs.target("refs/chase/processed/main"), second)
        // A detached head names no branch; a symbolic ref is not followed.
        try repo.git(["checkout", "-q", "--detach"])
        XCTAssertNil(refs.headBranch())
        try repo.git(["symbolic-ref", "refs/heads/alias", "refs/heads/main"])
        XCTAssertNil(refs.target("refs/heads/alias"))
        // A linked work tree's refs are libgit2's business.
        let linked = repo.root.appendingPathComponent("linked").path
        try repo.git(["worktree", "add", "-q", linked, "-b", "linked"])
        XCTAssertNil(RefFiles(repositoryAt: linked))
        XCTAssertNil(RefFiles(repositoryAt: repo.root.path))
    }
}
