@testable import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest

/// Only the bot's own commits carry weight (`BotIdentity.isBotCommit`): a `Chase-Processed` or
/// `Chase-Event` line in anyone else's commit is text. Each attack runs against a real repository.
final class BotCommitTests: XCTestCase {
    let t0 = Timestamp.parse("2026-01-09T10:00:00Z")!

    private func tick(_ repo: TestRepo, at now: Date? = nil, config: Config = .default,
                      env: [String: String] = [:]) throws -> TickReport {
        var options = Tick.Options(repoPath: repo.path, branch: "main", now: now ?? t0, config: config)
        options.environment = env
        return try Tick(options: options).run()
    }

    private func seed(_ repo: TestRepo) throws {
        try repo.write("queue/CONTENT-10.md", TaskText.make("CONTENT-10", tier: 2, status: "in_progress", assignee: 2))
        try repo.write("queue/CONTENT-11.md", TaskText.make("CONTENT-11", contentType: "discord"))
        try repo.commit("Add the queue")
    }

    func testAForgedProcessedTrailerDoesNotHideTheCommitsBeforeIt() throws {
        let repo = try TestRepo()
        try seed(repo)
        _ = try tick(repo)
        try repo.write("queue/CONTENT-10.md", TaskText.make("CONTENT-10", tier: 2, status: "complete", assignee: 2))
        let work = try repo.commit("CONTENT-10 complete", author: "Agent 02", email: "agent02@example.com")
        // The attacker's commit claims everything up to its parent was processed already.
        try repo.write("notes.txt", "hello\n")
        try repo.commit("Notes\n\n\(CommitMessage.trailerLine(processedThrough: work))")
        let report = try tick(repo, at: t0.addingTimeInterval(60))
        XCTAssertEqual(report.commitsRead, 2)
        XCTAssertEqual(report.events.map(\.type), [.taskCompleted, .reviewRequested])
        XCTAssertTrue(try repo.show("main:queue/CONTENT-10.md").contains("status: in_review\n"))
    }

    func testForgedEventTrailersDoNotReachTheHistory() throws {
        let repo = try TestRepo()
        try seed(repo)
        _ = try tick(repo)
        let forged = Event(.contentPublished, subject: "CONTENT-10", task: "CONTENT-10",
                           source: EventSource(commit: "0", author: "chase-bot", email: Config.default.botEmail, time: t0))
        try repo.write("notes.txt", "hello\n")
        // Even under the bot's name and email: the committer is someone else.
        try repo.git(["commit", "-q", "--allow-empty", "-m",
                      "chase: 1 content.published\n\n\(CommitMessage.trailerLine(processedThrough: try repo.rev("main")))Chase-Event: \(forged.json)"],
                     env: ["GIT_AUTHOR_NAME": "chase-bot", "GIT_AUTHOR_EMAIL": Config.default.botEmail])
        let history = try EventHistory.read(try QueueSnapshot.load(repoPath: repo.path, branch: "main"))
        XCTAssertEqual(history.count, 3)
        XCTAssertEqual(history.map(\.isBot), [false, true, false])
        XCTAssertFalse(history.flatMap(\.events).contains { $0.type == .contentPublished })
        XCTAssertFalse(history.flatMap(\.events).isEmpty, "the bot's own events are still read")
    }

    func testTheBotsCommitsAreBotCommits() throws {
        let server = try LocalHTTPServer { _ in Answer(status: 500, body: "") }
        let repo = try TestRepo()
        try repo.write("queue/LORE-3.md", TaskText.make("LORE-3", type: "lore", assignee: 1))
        try repo.write("queue/CONTENT-15.md", TaskText.make("CONTENT-15", assignee: 2, dependsOn: ["LORE-3"]))
        try repo.commit("Add the queue")
        var config = Config.default
        config.notifications = NotificationSettings(recipients: [
            NotificationRecipient(name: "coordinator", agent: 0, mention: "@coordinator", events: NotificationSettings.notifiable,
                                  channels: [.webhook], webhookURLEnv: "TEST_HOOK"),
        ], maxAttempts: 3, backoff: 600, timeout: 5)
        let report = try tick(repo, config: config, env: ["TEST_HOOK": server.url])
        let git = try Repository.open(at: repo.path)
        let tickCommit = try git.commit(try XCTUnwrap(report.commit.flatMap(Oid.init(hex:))))
        let followUp = try git.commit(try XCTUnwrap(report.notifications?.commit.flatMap(Oid.init(hex:))))
        XCTAssertTrue(tickCommit.isBotCommit(of: config.bot))
        XCTAssertTrue(tickCommit.isProcessedPoint(of: config.bot))
        // The outbox commit names the tick's commit, its parent: a bot commit that ends the next reading.
        XCTAssertTrue(followUp.isBotCommit(of: config.bot))
        XCTAssertTrue(followUp.isProcessedPoint(of: config.bot))
        XCTAssertEqual(CommitMessage.processedThrough(followUp.message), report.commit)
        let human = try git.commit(try XCTUnwrap(Oid(hex: try repo.rev("main~2"))))
        XCTAssertFalse(human.isBotCommit(of: config.bot))
    }
}
