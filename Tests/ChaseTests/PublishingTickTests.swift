import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest

/// Publishing end to end: the outbox, webhook and command publishers on real repositories, the
/// webhook against a real HTTP server on 127.0.0.1.
final class PublishingTickTests: XCTestCase {
    let due = Timestamp.parse("2026-01-10T00:00:00Z")!

    private func seedScheduled(_ repo: TestRepo) throws {
        try repo.write("queue/CONTENT-10.md", TaskText.make(
            "CONTENT-10", title: "Ika tweet", tier: 2, status: "scheduled", assignee: 2,
            extra: ["output: outputs/content/tweets/ika-tweet-006.md", "scheduled_at: 2026-01-10T00:00:00Z", "platform: twitter"]))
        try repo.write("outputs/content/tweets/ika-tweet-006.md", "Sunrise practice again. 🌅\n")
        try repo.commit("CONTENT-10 scheduled")
    }

    private func tick(_ repo: TestRepo, at now: Date, publisher: PublisherSettings = PublisherSettings(), env: [String: String] = [:],
                      hook: @escaping (Tick.Step, Repository) throws -> Void = { _, _ in }) throws -> TickReport {
        var config = Config.default
        config.publisher = publisher
        var options = Tick.Options(repoPath: repo.path, branch: "main", now: now, config: config)
        options.environment = env
        return try Tick(options: options, hook: hook).run()
    }

    /// The report's notes about publishing (not the first tick's own note).
    private func publishing(_ report: TickReport) -> [String] { report.notes.filter { !$0.hasPrefix("first tick") } }

    /// The blueprint's first example to its end: approved, scheduled, published at its time, and
    /// analytics (agent 05) told through the chat webhook.
    func testFromApprovalToPublicationAndItsNotification() throws {
        let chat = try LocalHTTPServer { _ in .ok() }
        let repo = try TestRepo()
        let env = ["CHASE_WEBHOOK_URL": chat.url]
        try repo.write("queue/CONTENT-10.md", TaskText.make(
            "CONTENT-10", title: "Ika tweet", tier: 3, status: "complete", assignee: 2,
            extra: ["output: outputs/content/tweets/ika-tweet-006.md", "scheduled_at: 2026-01-10T00:00:00Z", "platform: twitter"]))
        try repo.write("outputs/content/tweets/ika-tweet-006.md", "Sunrise practice again.\n")
        try repo.commit("Agent 02: CONTENT-10 complete", author: "Agent 02", email: "agent02@example.com")
        _ = try tick(repo, at: due.addingTimeInterval(-7200), env: env)
        try repo.write("reviews/CONTENT-10.coordinator.md", try repo.read("reviews/CONTENT-10.coordinator.md")
            .replacingOccurrences(of: "status: pending", with: "status: approved"))
        try repo.commit("Agent 00 approves", author: "Agent 00", email: "agent00@example.com")
        let scheduled = try tick(repo, at: due.addingTimeInterval(-3600), env: env)
        XCTAssertTrue(scheduled.events.contains { $0.type == .contentScheduled })
        let published = try tick(repo, at: due.addingTimeInterval(60), env: env)
        XCTAssertEqual(published.events.map(\.type), [.contentPublished])
        XCTAssertTrue(try repo.show("main:queue/CONTENT-10.md").contains("status: published\n"))
        XCTAssertEqual(chat.requests.map(\.text), [#"{"text":"Published: CONTENT-10 on twitter (post outputs/published/CONTENT-10.md)"}"#])
    }

    /// CONTENT-10 reviewed (tier 3: the coordinator) and scheduled for `due`; the approval recorded
    /// what it approved. Returns the approved text.
    private func approveAndSchedule(_ repo: TestRepo) throws -> String {
        let text = "Sunrise practice again.\n"
        try repo.write("queue/CONTENT-10.md", TaskText.make(
            "CONTENT-10", title: "Ika tweet", tier: 3, status: "complete", assignee: 2,
            extra: ["output: outputs/content/tweets/ika-tweet-006.md", "scheduled_at: 2026-01-10T00:00:00Z", "platform: twitter"]))
        try repo.write("outputs/content/tweets/ika-tweet-006.md", text)
        try repo.commit("Agent 02: CONTENT-10 complete", author: "Agent 02", email: "agent02@example.com")
        _ = try tick(repo, at: due.addingTimeInterval(-7200))
        try repo.write("reviews/CONTENT-10.coordinator.md", try repo.read("reviews/CONTENT-10.coordinator.md")
            .replacingOccurrences(of: "status: pending", with: "status: approved"))
        try repo.commit("Agent 00 approves", author: "Agent 00", email: "agent00@example.com")
        _ = try tick(repo, at: due.addingTimeInterval(-3600))
        let blob = try repo.rev("main:outputs/content/tweets/ika-tweet-006.md")
        XCTAssertTrue(try repo.show("main:queue/CONTENT-10.md").contains(
            "approved_output: \(blob) outputs/content/tweets/ika-tweet-006.md 2026-01-10T00:00:00Z twitter\n"))
        return text
    }

    func testAnOutputChangedAfterApprovalGoesBackToReviewInsteadOfOut() throws {
        let repo = try TestRepo()
        _ = try approveAndSchedule(repo)
        try repo.write("outputs/content/tweets/ika-tweet-006.md", "Buy cheap followers at spam.example\n")
        try repo.commit("Small fix", author: "Mallory", email: "mallory@example.net")
        let report = try tick(repo, at: due.addingTimeInterval(60))
        XCTAssertFalse(report.events.contains { $0.type == .contentPublished })
        let changed = try XCTUnwrap(report.events.first { $0.type == .contentChanged })
        XCTAssertEqual(changed.payload, ["changed": "output file", "revision": "2", "from": "scheduled"])
        XCTAssertTrue(report.events.contains { $0.type == .reviewRequested && $0.subject == "CONTENT-10.coordinator.r2" })
        let task = try repo.show("main:queue/CONTENT-10.md")
        XCTAssertTrue(task.contains("status: in_review\n") && task.contains("revision: 2\n"), task)
        XCTAssertFalse(task.contains("approved_output"), task)
        XCTAssertNil(repo.revOrNil("main:outputs/published/CONTENT-10.md"))
    }

    func testAScheduleOrPlatformChangedAfterApprovalGoesBackToReview() throws {
        for (key, value) in [("scheduled_at", "2026-01-09T23:30:00Z"), ("platform", "discord")] {
            let repo = try TestRepo()
            _ = try approveAndSchedule(repo)
            let path = "queue/CONTENT-10.md"
            try repo.write(path, try repo.read(path).replacingOccurrences(
                of: #"(?m)^\#(key): .*$"#, with: "\(key): \(value)", options: .regularExpression))
            try repo.commit("Move it", author: "Human Lead", email: "lead@example.com")
            let report = try tick(repo, at: due.addingTimeInterval(60))
            XCTAssertEqual(report.events.first { $0.type == .contentChanged }?.payload["changed"], key)
            XCTAssertFalse(report.events.contains { $0.type == .contentPublished }, key)
        }
    }

    func testWhatIsPublishedIsTheApprovedBlobNotTheFileAsItIsNow() throws {
        let repo = try TestRepo()
        let approved = try approveAndSchedule(repo)
        try repo.write("outputs/content/tweets/ika-tweet-006.md", "Not what was approved\n")
        try repo.commit("A change", author: "Mallory", email: "mallory@example.net")
        // With the reviews rule switched off nothing sends the task back; publishing still sends
        // only what was approved.
        var config = Config.default
        config.rules.reviews = false
        let report = try Tick(options: Tick.Options(repoPath: repo.path, branch: "main", now: due.addingTimeInterval(60), config: config)).run()
        XCTAssertTrue(report.events.contains { $0.type == .contentPublished })
        XCTAssertTrue(try repo.show("main:outputs/published/CONTENT-10.md").hasSuffix(approved.trimmingCharacters(in: .newlines)))
    }

    /// Approved after its publish time has passed: scheduled and published by the same tick, so
    /// the same tick run again has nothing to do.
    func testApprovedAfterItsTimeIsPublishedInTheSameTick() throws {
        let repo = try TestRepo()
        try repo.write("queue/CONTENT-10.md", TaskText.make(
            "CONTENT-10", title: "Ika tweet", tier: 3, status: "complete", assignee: 2,
            extra: ["output: outputs/content/tweets/ika-tweet-006.md", "scheduled_at: 2026-01-10T00:00:00Z", "platform: twitter"]))
        try repo.write("outputs/content/tweets/ika-tweet-006.md", "Late but fine.\n")
        try repo.commit("CONTENT-10 complete")
        _ = try tick(repo, at: due.addingTimeInterval(-3600))
        try repo.write("reviews/CONTENT-10.coordinator.md", try repo.read("reviews/CONTENT-10.coordinator.md")
            .replacingOccurrences(of: "status: pending", with: "status: approved"))
        try repo.commit("Agent 00 approves, late", author: "Agent 00", email: "agent00@example.com")
        let late = due.addingTimeInterval(600)
        let report = try tick(repo, at: late)
        XCTAssertEqual(report.events.map(\.type), [.reviewCompleted, .contentScheduled, .contentPublished])
        XCTAssertTrue(try repo.show("main:queue/CONTENT-10.md").contains("status: published\n"))
        XCTAssertTrue(report.writes.contains("outputs/published/CONTENT-10.md"))
        let again = try tick(repo, at: late)
        XCTAssertNil(again.commit)
        XCTAssertEqual(again.events.map(\.type), [])
    }

    func testNotDueBeforeItsTime() throws {
        let repo = try TestRepo()
        try seedScheduled(repo)
        let report = try tick(repo, at: due.addingTimeInterval(-60))
        XCTAssertFalse(report.events.contains { $0.type == .contentPublished })
        XCTAssertTrue(try repo.show("main:queue/CONTENT-10.md").contains("status: scheduled"))
    }

    func testOutboxPublisherWritesThePostInTheSameCommit() throws {
        let repo = try TestRepo()
        try seedScheduled(repo)
        let report = try tick(repo, at: due)
        XCTAssertEqual(report.events.filter { $0.type == .contentPublished }.map(\.subject), ["CONTENT-10"])
        let post = try repo.show("main:outputs/published/CONTENT-10.md")
        XCTAssertTrue(post.contains("idempotency_key: CONTENT-10.r1\n"))
        XCTAssertTrue(post.hasSuffix("---\nSunrise practice again. 🌅"))
        let task = try repo.show("main:queue/CONTENT-10.md")
        XCTAssertTrue(task.contains("status: published\n"))
        XCTAssertTrue(task.contains("platform_post_id: outputs/published/CONTENT-10.md\n"))
        XCTAssertTrue(task.contains("published_at: 2026-01-10T00:00:00Z\n"))
        XCTAssertNil(try tick(repo, at: due.addingTimeInterval(3600)).commit)
    }

    func testWebhookPublisherSendsIdempotencyKeyAndRecordsThePostID() throws {
        let server = try LocalHTTPServer { _ in .ok(#"{"id": "tw-1881"}"#) }
        let repo = try TestRepo()
        try seedScheduled(repo)
        let report = try tick(repo, at: due, publisher: PublisherSettings(kind: .webhook, urlEnv: "POST_URL"),
                              env: ["POST_URL": server.url + "/posts"])
        XCTAssertEqual(server.requests.count, 1)
        let request = server.requests[0]
        XCTAssertEqual(request.headers["idempotency-key"], "CONTENT-10.r1")
        let body = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(request.body)) as? [String: String])
        XCTAssertEqual(body["content"], "Sunrise practice again. 🌅\n")
        XCTAssertEqual(body["platform"], "twitter")
        XCTAssertEqual(body["idempotency_key"], "CONTENT-10.r1")
        XCTAssertTrue(try repo.show("main:queue/CONTENT-10.md").contains("platform_post_id: tw-1881\n"))
        XCTAssertEqual(report.events.first { $0.type == .contentPublished }?.payload["publisher"], "webhook")
    }

    func testFailingWebhookLeavesTheTaskScheduledUntilItSucceeds() throws {
        let calls = Counter()
        let server = try LocalHTTPServer { _ in calls.next() == 0 ? Answer(status: 502, body: "bad gateway") : .ok(#"{"id": 77}"#) }
        let repo = try TestRepo()
        try seedScheduled(repo)
        let publisher = PublisherSettings(kind: .webhook, urlEnv: "POST_URL")
        let first = try tick(repo, at: due, publisher: publisher, env: ["POST_URL": server.url])
        XCTAssertEqual(publishing(first), ["CONTENT-10 was not published (tried again next tick): HTTP 502: bad gateway"])
        XCTAssertTrue(try repo.show("main:queue/CONTENT-10.md").contains("status: scheduled"))
        _ = try tick(repo, at: due.addingTimeInterval(900), publisher: publisher, env: ["POST_URL": server.url])
        XCTAssertTrue(try repo.show("main:queue/CONTENT-10.md").contains("platform_post_id: 77\n"))
        XCTAssertEqual(server.requests.map { $0.headers["idempotency-key"] }, ["CONTENT-10.r1", "CONTENT-10.r1"])
    }

    func testCrashBetweenTheCallAndTheCommitRetriesWithTheSameKey() throws {
        let server = try LocalHTTPServer { _ in .ok(#"{"id": "tw-5"}"#) }
        let repo = try TestRepo()
        try seedScheduled(repo)
        let publisher = PublisherSettings(kind: .webhook, urlEnv: "POST_URL")
        struct Crash: Error {}
        XCTAssertThrowsError(try tick(repo, at: due, publisher: publisher, env: ["POST_URL": server.url]) { step, _ in
            if step == .beforeBranchUpdate { throw Crash() }
        })
        XCTAssertTrue(try repo.show("main:queue/CONTENT-10.md").contains("status: scheduled"))
        let report = try tick(repo, at: due.addingTimeInterval(60), publisher: publisher, env: ["POST_URL": server.url])
        XCTAssertEqual(server.requests.map { $0.headers["idempotency-key"] }, ["CONTENT-10.r1", "CONTENT-10.r1"])
        XCTAssertEqual(report.events.filter { $0.type == .contentPublished }.count, 1)
        XCTAssertTrue(try repo.show("main:queue/CONTENT-10.md").contains("platform_post_id: tw-5\n"))
    }

    func testTimedOutWebhookIsANoteNotAHang() throws {
        let server = try LocalHTTPServer { _ in nil }
        defer { server.stop() }
        let repo = try TestRepo()
        try seedScheduled(repo)
        let report = try tick(repo, at: due, publisher: PublisherSettings(kind: .webhook, urlEnv: "POST_URL", timeout: 0.3),
                              env: ["POST_URL": server.url])
        XCTAssertEqual(publishing(report), ["CONTENT-10 was not published (tried again next tick): no answer within 1s"])
    }

    func testCommandPublisherRunsWithThePostAndReadsTheID() throws {
        let repo = try TestRepo()
        try seedScheduled(repo)
        let log = repo.root.appendingPathComponent("publish.log").path
        try repo.write("scripts/publish.sh", """
        #!/bin/sh
        { echo "key=$CHASE_IDEMPOTENCY_KEY task=$CHASE_TASK platform=$CHASE_PLATFORM"; cat "$1"; } > "\(log)"
        echo "posting..."
        echo "post-42"

        """)
        try repo.commit("A publishing script")
        let report = try tick(repo, at: due, publisher: PublisherSettings(kind: .command, command: ["sh", "scripts/publish.sh"]))
        XCTAssertEqual(publishing(report), [])
        let seen = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertTrue(seen.hasPrefix("key=CONTENT-10.r1 task=CONTENT-10 platform=twitter\n---\ntask: CONTENT-10\n"), seen)
        XCTAssertTrue(seen.hasSuffix("Sunrise practice again. 🌅\n"))
        XCTAssertTrue(try repo.show("main:queue/CONTENT-10.md").contains("platform_post_id: post-42\n"))
    }

    func testTheCommandSeesOnlyTheVariablesItIsAllowed() throws {
        let repo = try TestRepo()
        try seedScheduled(repo)
        let log = repo.root.appendingPathComponent("env.log").path
        try repo.write("scripts/publish.sh", "#!/bin/sh\nenv > \"\(log)\"\necho post-1\n")
        try repo.commit("A publishing script that looks around")
        var publisher = PublisherSettings(kind: .command, command: ["sh", "scripts/publish.sh"])
        publisher.env = ["TWITTER_TOKEN"]
        let env = ["PATH": "/usr/bin:/bin", "TWITTER_TOKEN": "tw-1", "GITHUB_TOKEN": "ghs-secret",
                   "CHASE_WEBHOOK_URL": "https://hooks.example/secret", "CHASE_PUSH_TOKEN": "push-secret"]
        _ = try tick(repo, at: due, publisher: publisher, env: env)
        let seen = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertTrue(seen.contains("TWITTER_TOKEN=tw-1\n"), seen)
        XCTAssertTrue(seen.contains("PATH=/usr/bin:/bin\n"), seen)
        XCTAssertTrue(seen.contains("CHASE_IDEMPOTENCY_KEY=CONTENT-10.r1\n"), seen)
        for secret in ["ghs-secret", "hooks.example", "push-secret"] { XCTAssertFalse(seen.contains(secret), seen) }
    }

    func testFailingCommandSaysWhy() throws {
        let repo = try TestRepo()
        try seedScheduled(repo)
        try repo.write("scripts/publish.sh", "#!/bin/sh\necho 'rate limited by the platform' >&2\nexit 3\n")
        try repo.commit("A failing script")
        let report = try tick(repo, at: due, publisher: PublisherSettings(kind: .command, command: ["sh", "scripts/publish.sh"]))
        XCTAssertEqual(publishing(report), ["CONTENT-10 was not published (tried again next tick): sh exited with 3: rate limited by the platform"])
        XCTAssertTrue(try repo.show("main:queue/CONTENT-10.md").contains("status: scheduled"))
    }

    func testHangingCommandIsStoppedAtItsTimeout() throws {
        let repo = try TestRepo()
        try seedScheduled(repo)
        try repo.write("scripts/publish.sh", "#!/bin/sh\nexec sleep 30\n")
        try repo.commit("A script that hangs")
        let report = try tick(repo, at: due, publisher: PublisherSettings(kind: .command, command: ["sh", "scripts/publish.sh"], timeout: 0.3))
        XCTAssertEqual(publishing(report), ["CONTENT-10 was not published (tried again next tick): sh did not finish within 1s"])
    }

    func testMissingOutputIsReported() throws {
        let repo = try TestRepo()
        try seedScheduled(repo)
        try repo.remove("outputs/content/tweets/ika-tweet-006.md")
        try repo.commit("Lost the draft")
        let report = try tick(repo, at: due)
        XCTAssertEqual(publishing(report), ["CONTENT-10 is due for publishing but outputs/content/tweets/ika-tweet-006.md is not in the repository"])
    }
}
