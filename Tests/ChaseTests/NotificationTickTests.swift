import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest

/// Notifications end to end: real repositories, a real HTTP server on 127.0.0.1 that fails, hangs
/// and succeeds, and the outbox committed by the bot.
final class NotificationTickTests: XCTestCase {
    let t0 = Timestamp.parse("2026-01-09T10:00:00Z")!

    /// A task that the dependency rule blocks: one `task.blocked` notification.
    private func seedBlocked(_ repo: TestRepo) throws {
        try repo.write("queue/LORE-3.md", TaskText.make("LORE-3", type: "lore", assignee: 1))
        try repo.write("queue/CONTENT-15.md", TaskText.make("CONTENT-15", assignee: 2, dependsOn: ["LORE-3"]))
        try repo.commit("Add the queue")
    }

    private func config(attempts: Int = 3, backoff: TimeInterval = 600, timeout: TimeInterval = 5,
                        channels: [NotificationChannel] = [.webhook]) -> Config {
        var config = Config.default
        config.notifications = NotificationSettings(recipients: [
            NotificationRecipient(name: "coordinator", agent: 0, mention: "@coordinator", events: NotificationSettings.notifiable,
                                  channels: channels, webhookURLEnv: "TEST_HOOK"),
        ], maxAttempts: attempts, backoff: backoff, timeout: timeout)
        return config
    }

    private func tick(_ repo: TestRepo, at now: Date, config: Config, env: [String: String],
                      emit: @escaping @Sendable (String) -> Void = { _ in }) throws -> TickReport {
        var options = Tick.Options(repoPath: repo.path, branch: "main", now: now, config: config)
        options.environment = env
        options.emit = emit
        return try Tick(options: options).run()
    }

    private func outboxFiles(_ repo: TestRepo) throws -> [String] {
        try repo.git(["ls-tree", "-r", "--name-only", "main", "--", ".chase/outbox/"]).split(separator: "\n").map(String.init)
    }

    func testWebhookDeliveryNeedsNoOutboxCommit() throws {
        let server = try LocalHTTPServer { _ in .ok() }
        let repo = try TestRepo()
        try seedBlocked(repo)
        let report = try tick(repo, at: t0, config: config(), env: ["TEST_HOOK": server.url + "/hook"])
        XCTAssertEqual(server.requests.count, 1)
        XCTAssertEqual(server.requests[0].path, "/hook")
        XCTAssertEqual(server.requests[0].text, #"{"text":"@coordinator Blocked: CONTENT-15 waits for LORE-3"}"#)
        XCTAssertEqual(report.notifications?.delivered.count, 1)
        XCTAssertNil(report.notifications?.commit)
        XCTAssertEqual(try outboxFiles(repo), [])
        // Nothing new: nothing sent again.
        _ = try tick(repo, at: t0.addingTimeInterval(3600), config: config(), env: ["TEST_HOOK": server.url + "/hook"])
        XCTAssertEqual(server.requests.count, 1)
    }

    func testFailedDeliveryIsKeptRetriedAfterBackoffAndNeverSentTwice() throws {
        let failing = Counter()
        let server = try LocalHTTPServer { _ in failing.next() == 0 ? Answer(status: 500, body: "boom") : .ok() }
        let repo = try TestRepo()
        try seedBlocked(repo)
        let env = ["TEST_HOOK": server.url]
        let first = try tick(repo, at: t0, config: config(), env: env)
        XCTAssertNotNil(first.commit)
        let kept = try XCTUnwrap(first.notifications?.kept.values.first)
        XCTAssertEqual(kept, "HTTP 500: boom")
        let files = try outboxFiles(repo)
        XCTAssertEqual(files.count, 1)
        XCTAssertEqual(try repo.rev("main"), first.notifications?.commit)
        let entry = try XCTUnwrap(OutboxEntry.parse(Array(try repo.show("main:\(files[0])").utf8)))
        XCTAssertEqual(entry.attempts, 1)
        XCTAssertEqual(entry.nextAttempt, t0.addingTimeInterval(600))
        // The outbox commit is the bot's, on top of its tick commit, and the work tree has the file.
        XCTAssertEqual(try repo.log().prefix(2).map { $0.components(separatedBy: "|")[0] }, ["chase-bot", "chase-bot"])
        XCTAssertEqual(try repo.git(["rev-parse", "main^"]), first.commit)
        XCTAssertEqual(try repo.git(["status", "--porcelain"]), "")

        // Before the backoff: not tried, nothing written.
        let early = try tick(repo, at: t0.addingTimeInterval(300), config: config(), env: env)
        XCTAssertEqual(server.requests.count, 1)
        XCTAssertNil(early.commit)
        XCTAssertNil(early.notifications?.commit)

        // After it: delivered, and removed from the outbox in a bot commit.
        let retry = try tick(repo, at: t0.addingTimeInterval(600), config: config(), env: env)
        XCTAssertEqual(server.requests.count, 2)
        XCTAssertEqual(server.requests[1].body, server.requests[0].body)
        XCTAssertEqual(retry.notifications?.delivered, [entry.notice.key])
        XCTAssertNotNil(retry.notifications?.commit)
        XCTAssertEqual(try outboxFiles(repo), [])

        // Delivered once: never again.
        let later = try tick(repo, at: t0.addingTimeInterval(86400), config: config(), env: env)
        XCTAssertEqual(server.requests.count, 2)
        XCTAssertNil(later.notifications?.commit)
        XCTAssertNil(later.commit)
        XCTAssertEqual(try repo.fsck(), "")
    }

    func testOutboxCommitOnABareRepository() throws {
        let server = try LocalHTTPServer { _ in Answer(status: 500, body: "") }
        let repo = try TestRepo(bare: true)
        try seedBlocked(repo)
        let report = try tick(repo, at: t0, config: config(), env: ["TEST_HOOK": server.url])
        XCTAssertEqual(try repo.rev("main"), report.notifications?.commit)
        XCTAssertEqual(try outboxFiles(repo).count, 1)
        XCTAssertEqual(try repo.rev("refs/chase/processed/main"), report.notifications?.commit)
        XCTAssertEqual(try repo.fsck(), "")
    }

    func testOutboxCommitGoesOnTopOfAHumanCommitAndHidesItFromNoTick() throws {
        let server = try LocalHTTPServer { _ in Answer(status: 500, body: "") }
        let repo = try TestRepo()
        try seedBlocked(repo)
        var options = Tick.Options(repoPath: repo.path, branch: "main", now: t0, config: config())
        options.environment = ["TEST_HOOK": server.url]
        var human = ""
        let report = try Tick(options: options) { step, _ in
            guard step == .beforeNotifications else { return }
            // Someone pushes between the bot's commit and its outbox commit.
            try repo.write("queue/LORE-9.md", TaskText.make("LORE-9", type: "lore"))
            human = try repo.commit("Add LORE-9")
        }.run()
        let outboxCommit = try XCTUnwrap(report.notifications?.commit)
        XCTAssertEqual(try repo.git(["rev-parse", "\(outboxCommit)^"]), human)
        // The next tick still reads the human commit beneath the outbox commit.
        let next = try tick(repo, at: t0.addingTimeInterval(60), config: config(), env: ["TEST_HOOK": server.url])
        XCTAssertEqual(next.events.filter { $0.subject == "LORE-9" }.map(\.type), [.taskCreated, .taskAssigned])
        XCTAssertTrue(try repo.show("main:queue/LORE-9.md").contains("assignee: 1"))
    }

    func testTimeoutIsAFailureThatDoesNotHoldTheTickBack() throws {
        let server = try LocalHTTPServer { _ in nil }
        defer { server.stop() }
        let repo = try TestRepo()
        try repo.write("queue/LORE-3.md", TaskText.make("LORE-3", type: "lore", assignee: 1))
        try repo.write("queue/CONTENT-15.md", TaskText.make("CONTENT-15", assignee: 2, dependsOn: ["LORE-3"]))
        try repo.write("queue/CONTENT-16.md", TaskText.make("CONTENT-16", assignee: 2, dependsOn: ["LORE-3"]))
        try repo.commit("Two blocked tasks")
        let report = try tick(repo, at: t0, config: config(timeout: 0.3), env: ["TEST_HOOK": server.url])
        XCTAssertNotNil(report.commit)
        // The first call timed out; the second was not tried (one dead endpoint costs one timeout).
        XCTAssertEqual(server.requests.count, 1)
        let kept = try XCTUnwrap(report.notifications?.kept)
        XCTAssertEqual(kept.count, 2)
        XCTAssertEqual(kept.values.filter { $0.hasPrefix("no answer within") }.count, 1)
        let entries = try outboxFiles(repo).map { try XCTUnwrap(OutboxEntry.parse(Array(try repo.show("main:\($0)").utf8))) }
        XCTAssertEqual(entries.map(\.attempts).sorted(), [0, 1])
        XCTAssertTrue(try repo.show("main:queue/CONTENT-15.md").contains("status: blocked"))
    }

    func testGivesUpAfterTheConfiguredAttempts() throws {
        let server = try LocalHTTPServer { _ in Answer(status: 503, body: "") }
        let repo = try TestRepo()
        try seedBlocked(repo)
        let env = ["TEST_HOOK": server.url]
        let cfg = config(attempts: 2, backoff: 60)
        _ = try tick(repo, at: t0, config: cfg, env: env)
        let second = try tick(repo, at: t0.addingTimeInterval(60), config: cfg, env: env)
        XCTAssertEqual(second.notifications?.gaveUp.count, 1)
        XCTAssertEqual(server.requests.count, 2)
        let entry = try XCTUnwrap(OutboxEntry.parse(Array(try repo.show("main:\(try outboxFiles(repo)[0])").utf8)))
        XCTAssertTrue(entry.gaveUp)
        XCTAssertEqual(entry.lastError, "HTTP 503")
        let third = try tick(repo, at: t0.addingTimeInterval(86400), config: cfg, env: env)
        XCTAssertEqual(server.requests.count, 2)
        XCTAssertNil(third.notifications?.commit)
    }

    func testUnsetWebhookVariableSkipsWithANote() throws {
        let repo = try TestRepo()
        try seedBlocked(repo)
        let report = try tick(repo, at: t0, config: config(), env: [:])
        XCTAssertEqual(report.notifications?.notes, ["TEST_HOOK is not set: webhook notifications were not sent (failed ones stay in the outbox)"])
        XCTAssertEqual(try outboxFiles(repo), [])
    }

    /// The default webhook's variable unset is said under Actions only: a local tick stays quiet.
    func testTheDefaultWebhookUnsetIsQuietOutsideActions() throws {
        let repo = try TestRepo()
        try seedBlocked(repo)
        let local = try tick(repo, at: t0, config: .default, env: [:])
        XCTAssertFalse((local.notifications?.notes ?? []).contains { $0.contains("CHASE_WEBHOOK_URL") }, "\(local.notifications?.notes ?? [])")
        let other = try TestRepo()
        try seedBlocked(other)
        let actions = try tick(other, at: t0, config: .default, env: ["GITHUB_ACTIONS": "true"])
        XCTAssertEqual(actions.notifications?.notes.filter { $0.contains("CHASE_WEBHOOK_URL") },
                       ["CHASE_WEBHOOK_URL is not set: webhook notifications were not sent (failed ones stay in the outbox)"])
    }

    func testGitHubActionsAnnotationsAndStepSummary() throws {
        let repo = try TestRepo()
        try seedBlocked(repo)
        let summary = repo.root.appendingPathComponent("summary.md").path
        let lines = Lines()
        let report = try tick(repo, at: t0, config: config(channels: [.github]),
                              env: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary], emit: { lines.append($0) })
        XCTAssertEqual(report.notifications?.annotations, 1)
        XCTAssertEqual(lines.all, ["::warning file=queue/CONTENT-15.md,title=chase%3A task.blocked::Blocked: CONTENT-15 waits for LORE-3 (for coordinator)"])
        let text = try String(contentsOfFile: summary, encoding: .utf8)
        XCTAssertTrue(text.contains("| `task.blocked` | CONTENT-15 | Blocked: CONTENT-15 waits for LORE-3 | coordinator |"))
        // Outside Actions: nothing.
        let quiet = Lines()
        let other = try TestRepo()
        try seedBlocked(other)
        _ = try tick(other, at: t0, config: config(channels: [.github]), env: [:], emit: { quiet.append($0) })
        XCTAssertEqual(quiet.all, [])
    }

    func testOutboxChannelCommitsOneFilePerNotice() throws {
        let repo = try TestRepo()
        try seedBlocked(repo)
        let report = try tick(repo, at: t0, config: config(channels: [.outbox]), env: [:])
        let files = try outboxFiles(repo)
        XCTAssertEqual(files.count, 1)
        XCTAssertEqual(report.notifications?.queued.count, 1)
        let entry = try XCTUnwrap(OutboxEntry.parse(Array(try repo.show("main:\(files[0])").utf8)))
        XCTAssertEqual(entry.notice.event.type, .taskBlocked)
        XCTAssertNil(entry.nextAttempt)
        XCTAssertNil(try tick(repo, at: t0.addingTimeInterval(60), config: config(channels: [.outbox]), env: [:]).notifications?.commit)
    }

    func testTickCommandSaysWhatWasKept() throws {
        let server = try LocalHTTPServer { _ in Answer(status: 500, body: "") }
        let repo = try TestRepo()
        try seedBlocked(repo)
        let result = try ChaseBinary.run(["tick", "--repo", repo.path, "--now", "2026-01-09T10:00:00Z"],
                                         env: ["CHASE_WEBHOOK_URL": server.url, "GITHUB_ACTIONS": ""])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("notifications: 1 kept for retry (outbox commit "), result.stdout)
        XCTAssertTrue(result.stdout.contains(": HTTP 500\n"), result.stdout)
        XCTAssertEqual(server.requests.count, 1)
        XCTAssertTrue(server.requests[0].text.contains("Blocked: CONTENT-15 waits for LORE-3"))
    }

    func testATickStoppedBeforeDeliveringIsCaughtUpByTheNext() throws {
        let server = try LocalHTTPServer { _ in .ok() }
        let repo = try TestRepo()
        try seedBlocked(repo)
        struct Crash: Error {}
        var options = Tick.Options(repoPath: repo.path, branch: "main", now: t0, config: config())
        options.environment = ["TEST_HOOK": server.url]
        XCTAssertThrowsError(try Tick(options: options) { step, _ in if step == .beforeNotifications { throw Crash() } }.run())
        XCTAssertTrue(try repo.show("main:queue/CONTENT-15.md").contains("status: blocked"))
        XCTAssertEqual(server.requests.count, 0)
        // Nothing new in the queue, but the stopped tick's notice is still owed.
        let next = try tick(repo, at: t0.addingTimeInterval(60), config: config(), env: ["TEST_HOOK": server.url])
        XCTAssertNil(next.commit)
        XCTAssertEqual(server.requests.count, 1)
        XCTAssertTrue(server.requests[0].text.contains("Blocked: CONTENT-15"))
        XCTAssertEqual(try repo.rev("refs/chase/notified/main"), try repo.rev("main"))
        _ = try tick(repo, at: t0.addingTimeInterval(120), config: config(), env: ["TEST_HOOK": server.url])
        XCTAssertEqual(server.requests.count, 1)
    }

    func testRewrittenHistoryReplaysNoOldNotice() throws {
        let server = try LocalHTTPServer { _ in .ok() }
        let repo = try TestRepo()
        try seedBlocked(repo)
        _ = try tick(repo, at: t0, config: config(), env: ["TEST_HOOK": server.url])
        XCTAssertEqual(server.requests.count, 1)
        // The branch is rewritten (a force-push): the notified ref is no longer on it.
        try repo.git(["checkout", "-q", "--orphan", "rewritten"])
        try repo.commit("A new history")
        try repo.git(["branch", "-f", "main", "rewritten"])
        try repo.git(["checkout", "-q", "main"])
        _ = try tick(repo, at: t0.addingTimeInterval(60), config: config(), env: ["TEST_HOOK": server.url])
        XCTAssertEqual(server.requests.count, 1)
    }

    func testDryRunSendsNothing() throws {
        let server = try LocalHTTPServer { _ in .ok() }
        let repo = try TestRepo()
        try seedBlocked(repo)
        var options = Tick.Options(repoPath: repo.path, branch: "main", now: t0, dryRun: true, config: config())
        options.environment = ["TEST_HOOK": server.url]
        let report = try Tick(options: options).run()
        XCTAssertNil(report.notifications)
        XCTAssertEqual(server.requests.count, 0)
    }
}

typealias Answer = LocalHTTPServer.Answer

/// Counts calls across the server's threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value - 1 }
}

/// Collects lines written from any thread.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
