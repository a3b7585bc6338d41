import Chase
import ChaseCore
import Foundation
import XCTest

/// The blueprint's three workflow examples, step by step, through the built `chase tick` on a real
/// repository: a simulated clock (`--now`), agents committing as their own git identities, and
/// every file and event the blueprint names checked at the step that names it. Where DESIGN.md
/// differs from the blueprint's narrative, DESIGN.md is followed and the test says so.
final class BlueprintExampleTests: XCTestCase {
    /// Example 1: content creation → publication, with no human step.
    func testExample1ContentCreationToPublication() throws {
        let chat = try LocalHTTPServer { _ in .ok() }
        let team = try TeamRepository(at: "2026-01-09T08:55:00Z")
        team.environment = ["CHASE_WEBHOOK_URL": chat.url]
        let start = try team.repo.rev("main")
        XCTAssertEqual(try team.tick(at: "2026-01-09T09:00:00Z").events, [])

        // 1. Agent 00 creates CONTENT-010 (P2, review tier 2); 2. the router assigns it to agent 02.
        try team.writeTask("CONTENT-010", [
            "title: Create Ika personality tweet #6", "type: content", "content_type: tweet", "priority: P2",
            "review_tier: 2", "status: pending", "output: outputs/content/tweets/ika-tweet-006.md",
            "scheduled_at: 2026-01-10T00:00:00Z", "platform: twitter",
        ], brief: "Ika's morning routine, in her voice.")
        try team.commit("Plan CONTENT-010", by: 0, at: "2026-01-09T09:05:00Z")
        let created = try team.tick(at: "2026-01-09T09:06:00Z")
        XCTAssertEqual(created.events, ["task.created CONTENT-010", "task.assigned CONTENT-010"])
        XCTAssertEqual(created.event(.taskCreated, "CONTENT-010")?.author, "Agent 00")
        XCTAssertEqual(created.event(.taskAssigned, "CONTENT-010")?.payload, ["agent": "2", "route": "tweet"])
        XCTAssertEqual(try team.value("queue/CONTENT-010.md", "assignee"), "2")
        XCTAssertEqual(try team.value("queue/CONTENT-010.md", "created"), "2026-01-09T09:06:00Z", "the tick's clock, not the commit's date")
        XCTAssertEqual(try team.workList(2, at: "2026-01-09T09:06:00Z"), ["CONTENT-010"], "agent 02 is told")

        // 3. Agent 02 takes it, writes the tweet, and marks it complete.
        try team.set("queue/CONTENT-010.md", "status", "in_progress")
        try team.commit("CONTENT-010: started", by: 2, at: "2026-01-09T09:10:00Z")
        XCTAssertEqual(try team.tick(at: "2026-01-09T09:11:00Z").events, ["task.started CONTENT-010"])
        try team.repo.write("outputs/content/tweets/ika-tweet-006.md", "Ika never loses a chase. Not even to the alarm clock. #InfiniteIdol\n")
        try team.set("queue/CONTENT-010.md", "status", "complete")
        try team.commit("CONTENT-010: tweet written", by: 2, at: "2026-01-09T09:30:00Z")

        // 4. Tier 2: the cultural review (agent 09). The blueprint's narrative also files the
        // coordinator's review now, "waiting"; DESIGN.md requests it once cultural approves.
        let completed = try team.tick(at: "2026-01-09T09:31:00Z")
        XCTAssertEqual(completed.events, ["task.completed CONTENT-010", "review.requested CONTENT-010.cultural"])
        XCTAssertEqual(completed.event(.taskCompleted, "CONTENT-010")?.payload["output"], "outputs/content/tweets/ika-tweet-006.md")
        XCTAssertEqual(completed.event(.reviewRequested, "CONTENT-010.cultural")?.payload,
                       ["review_type": "cultural", "reviewer": "9", "tier": "2", "due": "2026-01-09T10:31:00Z"])
        XCTAssertEqual(try team.value("queue/CONTENT-010.md", "status"), "in_review")
        XCTAssertEqual(try team.value("reviews/CONTENT-010.cultural.md", "reviewer"), "9")
        XCTAssertEqual(try team.value("reviews/CONTENT-010.cultural.md", "status"), "pending")
        XCTAssertNil(team.repo.revOrNil("main:reviews/CONTENT-010.coordinator.md"))
        XCTAssertEqual(try team.workList(9, at: "2026-01-09T09:31:00Z"), ["CONTENT-010.cultural"])

        // 5. Agent 09 reviews the content and approves; 6. the coordinator's review is requested.
        try team.set("reviews/CONTENT-010.cultural.md", "status", "approved")
        try team.append("reviews/CONTENT-010.cultural.md", "DS rating fine; no cultural issues.\n")
        try team.commit("Cultural review of CONTENT-010: approved", by: 9, at: "2026-01-09T10:00:00Z")
        let cultural = try team.tick(at: "2026-01-09T10:01:00Z")
        XCTAssertEqual(cultural.events, ["review.completed CONTENT-010.cultural", "review.requested CONTENT-010.coordinator"])
        XCTAssertEqual(cultural.event(.reviewCompleted, "CONTENT-010.cultural")?.payload["status"], "approved")
        XCTAssertEqual(cultural.event(.reviewCompleted, "CONTENT-010.cultural")?.author, "Agent 09")
        XCTAssertEqual(cultural.event(.reviewRequested, "CONTENT-010.coordinator")?.payload["due"], "2026-01-09T10:31:00Z")
        XCTAssertEqual(try team.value("reviews/CONTENT-010.coordinator.md", "reviewer"), "0")

        // 7. Agent 00 spot-checks and approves: with its publish time the task is scheduled.
        try team.set("reviews/CONTENT-010.coordinator.md", "status", "approved")
        try team.commit("Coordinator review of CONTENT-010: approved", by: 0, at: "2026-01-09T10:15:00Z")
        let approved = try team.tick(at: "2026-01-09T10:16:00Z")
        XCTAssertEqual(approved.events, ["review.completed CONTENT-010.coordinator", "content.scheduled CONTENT-010"])
        XCTAssertEqual(approved.event(.contentScheduled, "CONTENT-010")?.payload,
                       ["scheduled_at": "2026-01-10T00:00:00Z", "platform": "twitter"])
        XCTAssertEqual(try team.value("queue/CONTENT-010.md", "status"), "scheduled")
        // Not before its time.
        XCTAssertNil(try team.tick(at: "2026-01-09T23:59:00Z").report.commit)

        // 8. At the scheduled time the publishing service posts it and records the post id;
        // 9. agent 05 (analytics) is told.
        let published = try team.tick(at: "2026-01-10T00:00:30Z")
        XCTAssertEqual(published.events, ["content.published CONTENT-010"])
        let post = "outputs/published/CONTENT-010.md"
        XCTAssertEqual(published.event(.contentPublished, "CONTENT-010")?.payload["platform_post_id"], post)
        XCTAssertEqual(try team.value("queue/CONTENT-010.md", "status"), "published")
        XCTAssertEqual(try team.value("queue/CONTENT-010.md", "platform_post_id"), post)
        XCTAssertEqual(try team.value("queue/CONTENT-010.md", "published_at"), "2026-01-10T00:00:30Z")
        XCTAssertTrue(try team.show(post).hasSuffix("Ika never loses a chase. Not even to the alarm clock. #InfiniteIdol"))
        XCTAssertEqual(chat.requests.map(\.text), [#"{"text":"Published: CONTENT-010 on twitter (post outputs/published/CONTENT-010.md)"}"#])

        // No SLA was missed on the way, nobody but the agents and the bot committed after the
        // setup, every change was the author's to make, and a tick with nothing new does nothing.
        XCTAssertEqual(try team.repo.recordedEvents().filter { $0.contains("sla.exceeded") }, [])
        XCTAssertEqual(try team.history().map { $0.components(separatedBy: "|")[0] }, [
            // (Starting the task is an event, but gives the bot nothing to write: no commit.)
            "Human Lead", "Agent 00", "chase-bot", "Agent 02", "Agent 02", "chase-bot",
            "Agent 09", "chase-bot", "Agent 00", "chase-bot", "chase-bot",
        ])
        let validation = try team.validate(since: start)
        XCTAssertEqual(validation.status, 0, validation.stdout)
        let idle = try team.tick(at: "2026-01-10T00:15:00Z")
        XCTAssertEqual(idle.events, [])
        XCTAssertNil(idle.report.commit)
        XCTAssertEqual(chat.requests.count, 1)
    }

    /// Example 2: a blocked task released when the lore it waits for is done.
    func testExample2BlockedTaskAutoUnblocking() throws {
        let team = try TeamRepository(at: "2026-01-09T08:55:00Z")
        try team.tick(at: "2026-01-09T09:00:00Z")
        // 1. CONTENT-015 is created blocked by LORE-003 (the Senpai mystery lore drop, agent 01's);
        // CONTENT-016 waits for LORE-003 and LORE-004.
        try team.writeTask("LORE-003", ["title: Senpai mystery lore drop", "type: lore", "priority: P1", "status: in_progress",
                                        "assignee: 1", "output: outputs/lore/senpai-mystery.md"], brief: "The first clue.")
        try team.writeTask("LORE-004", ["title: Senpai mystery, part 2", "type: lore", "priority: P2", "status: in_progress",
                                        "assignee: 1"], brief: "The second clue.")
        try team.writeTask("CONTENT-015", ["title: Tweet the Senpai mystery", "type: content", "content_type: thread",
                                           "priority: P2", "status: blocked", "depends_on: [LORE-003]"], brief: "Tease the new lore.")
        try team.writeTask("CONTENT-016", ["title: Recap both clues", "type: content", "content_type: thread",
                                           "priority: P2", "status: pending", "depends_on: [LORE-003, LORE-004]"], brief: "A recap.")
        try team.commit("Plan the Senpai mystery", by: 0, at: "2026-01-09T09:05:00Z")
        let planned = try team.tick(at: "2026-01-09T09:06:00Z")
        XCTAssertEqual(planned.event(.taskBlocked, "CONTENT-016")?.payload["blocked_by"], "LORE-003,LORE-004")
        XCTAssertNil(planned.event(.taskAssigned, "CONTENT-015"), "a blocked task is not routed")
        XCTAssertEqual(try team.value("queue/CONTENT-015.md", "status"), "blocked")
        XCTAssertNil(try team.value("queue/CONTENT-015.md", "assignee"))
        XCTAssertEqual(try team.workList(2, at: "2026-01-09T09:06:00Z"), [])

        // 2. Agent 01 completes LORE-003.
        try team.repo.write("outputs/lore/senpai-mystery.md", "Senpai was never missing. Senpai was waiting.\n")
        try team.set("queue/LORE-003.md", "status", "complete")
        try team.commit("LORE-003: lore drop written", by: 1, at: "2026-01-09T11:00:00Z")

        // 3. Its dependant has no other dependency: blocked → pending, dependency.resolved;
        // 4. routed in the same tick to agent 02, who now sees it.
        let resolved = try team.tick(at: "2026-01-09T11:01:00Z")
        XCTAssertEqual(resolved.events, ["task.completed LORE-003", "dependency.resolved CONTENT-015", "task.assigned CONTENT-015"])
        XCTAssertEqual(resolved.event(.taskCompleted, "LORE-003")?.author, "Agent 01")
        XCTAssertEqual(resolved.event(.dependencyResolved, "CONTENT-015")?.payload["dependencies"], "LORE-003")
        XCTAssertEqual(resolved.event(.taskAssigned, "CONTENT-015")?.payload["agent"], "2")
        XCTAssertEqual(try team.value("queue/CONTENT-015.md", "status"), "pending")
        XCTAssertEqual(try team.value("queue/CONTENT-015.md", "assignee"), "2")
        XCTAssertEqual(try team.value("queue/CONTENT-016.md", "status"), "blocked", "LORE-004 is not done yet")
        XCTAssertEqual(try team.workList(2, at: "2026-01-09T11:01:00Z"), ["CONTENT-015"])

        // 5. Agent 02 reads LORE-003's output and starts the thread: the workflow continues.
        XCTAssertEqual(try team.value("queue/LORE-003.md", "output"), "outputs/lore/senpai-mystery.md")
        XCTAssertEqual(try team.show("outputs/lore/senpai-mystery.md"), "Senpai was never missing. Senpai was waiting.")
        try team.set("queue/CONTENT-015.md", "status", "in_progress")
        try team.commit("CONTENT-015: writing the thread", by: 2, at: "2026-01-09T11:30:00Z")
        XCTAssertEqual(try team.tick(at: "2026-01-09T11:31:00Z").events, ["task.started CONTENT-015"])

        // The second dependant goes the same way once its last dependency is done.
        try team.set("queue/LORE-004.md", "status", "complete")
        try team.commit("LORE-004 done", by: 1, at: "2026-01-09T12:00:00Z")
        XCTAssertEqual(try team.tick(at: "2026-01-09T12:01:00Z").events,
                       ["task.completed LORE-004", "dependency.resolved CONTENT-016", "task.assigned CONTENT-016"])
        XCTAssertNil(try team.tick(at: "2026-01-09T12:15:00Z").report.commit)
    }

    /// Example 3: a cultural review pending more than its two hours is escalated once, to the
    /// coordinator and to a human.
    func testExample3SLAEscalation() throws {
        let coordinatorChat = try LocalHTTPServer { _ in .ok() }
        let team = try TeamRepository(at: "2026-01-09T08:55:00Z") { config in
            config.notifications.recipients = [
                NotificationRecipient(name: "coordinator", agent: 0, events: [.slaExceeded, .taskEscalated],
                                      channels: [.webhook, .github], webhookURLEnv: "COORDINATOR_HOOK"),
                NotificationRecipient(name: "humans", mention: "@leads", events: [.slaExceeded, .taskEscalated], channels: [.outbox, .github]),
            ]
        }
        let summary = team.repo.root.appendingPathComponent("step-summary.md").path
        team.environment = ["COORDINATOR_HOOK": coordinatorChat.url, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary]
        try team.tick(at: "2026-01-09T09:00:00Z")
        // A tier 1 content task done at 10:00: canon and cultural reviews requested together.
        try team.writeTask("CONTENT-025", ["title: Festival banner copy", "type: content", "content_type: banner", "priority: P2",
                                           "review_tier: 1", "status: complete", "assignee: 4"], brief: "Copy for the festival banner.")
        try team.commit("CONTENT-025 written", by: 4, at: "2026-01-09T09:59:00Z")
        let requested = try team.tick(at: "2026-01-09T10:00:00Z")
        XCTAssertEqual(requested.events, ["task.created CONTENT-025", "task.completed CONTENT-025",
                                          "review.requested CONTENT-025.canon", "review.requested CONTENT-025.cultural"])
        XCTAssertEqual(try team.value("reviews/CONTENT-025.cultural.md", "due"), "2026-01-09T12:00:00Z")
        try team.set("reviews/CONTENT-025.canon.md", "status", "approved")
        try team.commit("Canon review: approved", by: 8, at: "2026-01-09T10:20:00Z")

        // 1–2. The SLA monitor runs every 15 minutes; at two hours the review is not late yet.
        var exceeded: [Event] = []
        for minutes in stride(from: 15, through: 120, by: 15) {
            let run = try team.tick(at: Timestamp.format(Timestamp.parse("2026-01-09T10:00:00Z")!.addingTimeInterval(Double(minutes) * 60)))
            exceeded += run.report.events.filter { $0.type == .slaExceeded }
        }
        XCTAssertEqual(exceeded, [])
        let breach = try team.tick(at: "2026-01-09T12:15:00Z")
        XCTAssertEqual(breach.events, ["sla.exceeded CONTENT-025.cultural"])
        XCTAssertEqual(breach.event(.slaExceeded, "CONTENT-025.cultural")?.payload, [
            "kind": "review", "review_type": "cultural", "reviewer": "9", "threshold": "2h", "pending": "2h15m",
        ])
        XCTAssertEqual(try team.value("reviews/CONTENT-025.cultural.md", "escalated_at"), "2026-01-09T12:15:00Z")

        // 3. The coordinator is told on its chat, the humans in the outbox, both on the run's page.
        let line = "SLA exceeded: CONTENT-025.cultural (cultural review, agent 09) pending 2h15m, limit 2h"
        XCTAssertEqual(coordinatorChat.requests.map(\.text), [#"{"text":"\#(line)"}"#])
        let outbox = try team.repo.git(["ls-tree", "-r", "--name-only", "main", "--", ".chase/outbox/"]).split(separator: "\n").map(String.init)
        XCTAssertEqual(outbox.count, 1)
        let entry = try XCTUnwrap(OutboxEntry.parse(Array(try team.show(outbox[0]).utf8)))
        XCTAssertEqual(entry.notice.recipients, ["humans"])
        XCTAssertEqual(entry.notice.event.subject, "CONTENT-025.cultural")
        XCTAssertEqual(entry.notice.mentions, ["@leads"])
        let annotations = breach.stderr.split(separator: "\n").filter { $0.hasPrefix("::warning") && $0.contains("SLA exceeded") }
        XCTAssertEqual(annotations.count, 1, breach.stderr)
        XCTAssertTrue(annotations[0].hasSuffix("::\(line) (for coordinator, humans)"), String(annotations[0]))
        XCTAssertTrue(try String(contentsOfFile: summary, encoding: .utf8).contains("| `sla.exceeded` | CONTENT-025.cultural |"))

        // 4a. They wait longer: the monitor keeps running and never escalates the review twice.
        for time in ["2026-01-09T12:30:00Z", "2026-01-09T12:45:00Z", "2026-01-09T13:00:00Z"] {
            XCTAssertEqual(try team.tick(at: time).events, [])
        }
        XCTAssertEqual(coordinatorChat.requests.count, 1)
        // Agent 09 answers at last; the coordinator's review follows, the late one stays on record.
        try team.set("reviews/CONTENT-025.cultural.md", "status", "approved")
        try team.commit("Cultural review: approved", by: 9, at: "2026-01-09T13:05:00Z")
        XCTAssertEqual(try team.tick(at: "2026-01-09T13:06:00Z").events,
                       ["review.completed CONTENT-025.cultural", "review.requested CONTENT-025.coordinator"])
        XCTAssertEqual(try team.repo.recordedEvents().filter { $0.contains("\"sla.exceeded\"") }.count, 1)
    }

    /// Example 3, option c: the human adjusts the SLA for this kind of review in the config; the
    /// monitor then holds off until the new limit.
    func testExample3AdjustedSLAMovesTheEscalation() throws {
        let team = try TeamRepository(at: "2026-01-09T08:55:00Z")
        try team.tick(at: "2026-01-09T09:00:00Z")
        try team.writeTask("CONTENT-025", ["title: Festival banner copy", "type: content", "content_type: banner",
                                           "review_tier: 1", "status: complete", "assignee: 4"], brief: "Copy.")
        try team.commit("CONTENT-025 written", by: 4, at: "2026-01-09T09:59:00Z")
        try team.tick(at: "2026-01-09T10:00:00Z")
        try team.repo.write(ConfigReader.path, try team.repo.read(ConfigReader.path).replacingOccurrences(
            of: "    1: {canon: 2h, cultural: 2h, coordinator: 30m}", with: "    1: {canon: 2h, cultural: 3h, coordinator: 30m}"))
        try team.commit("Cultural reviews of tier 1 content take longer", by: nil, at: "2026-01-09T11:00:00Z")
        XCTAssertEqual(try team.tick(at: "2026-01-09T12:15:00Z").events.filter { $0.hasPrefix("sla.") }, ["sla.exceeded CONTENT-025.canon"],
                       "canon keeps its 2h")
        XCTAssertEqual(try team.tick(at: "2026-01-09T13:00:00Z").events, [])
        XCTAssertEqual(try team.tick(at: "2026-01-09T13:15:00Z").events, ["sla.exceeded CONTENT-025.cultural"])
    }
}
