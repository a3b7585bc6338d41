import Chase
import ChaseCore
import Foundation
import XCTest

/// The blueprint's example 1 worked by agents through `chase mcp`, with the official Python MCP
/// SDK as their client: agent 00 plans the tweet, agent 02 starts and completes it, the tick
/// requests the cultural review, agent 09 approves it, agent 00 approves as coordinator, and a
/// tick schedules it. Every write is a tool call; nobody edits a file by hand.
final class PythonMCPExampleTests: XCTestCase {
    func session(_ team: TeamRepository, agent: Int, at time: String, _ calls: [[String: Any]]) throws -> PythonMCPClient.Session {
        try PythonMCPClient.session(["mcp", "--agent", String(agent), "--repo", team.repo.path, "--now", time], calls)
    }

    func testExample1ThroughThePythonClient() throws {
        let team = try TeamRepository(at: "2026-01-09T08:55:00Z")
        let start = try team.repo.rev("main")
        XCTAssertEqual(try team.tick(at: "2026-01-09T09:00:00Z").events, [])

        // 1. Agent 00 plans the tweet with create_task; 2. the tick routes it to agent 02.
        let plan = try session(team, agent: 0, at: "2026-01-09T09:05:00Z", [
            ["list_tools": true],
            PythonMCPClient.call("create_task", [
                "title": "Create Ika personality tweet #6", "type": "content", "content_type": "tweet", "priority": "P2",
                "review_tier": 2, "output": "outputs/content/tweets/ika-tweet-006.md", "scheduled_at": "2026-01-10T00:00:00Z",
                "platform": "twitter", "brief": "Ika's morning routine, in her voice.",
            ]),
        ])
        let tools = (plan.results[0]["tools"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        XCTAssertEqual(tools, ["my_work", "get_task", "get_review", "queue_status", "search_tasks",
                               "start_task", "complete_task", "block_task", "submit_review", "create_task"])
        XCTAssertTrue((plan.hello["instructions"] as? String ?? "").hasPrefix("# You are agent 00, Coordinator"))
        XCTAssertFalse(plan.isError(1), plan.text(1))
        let id = (plan.json(1)["task"] as? [String: Any])?["id"] as? String
        XCTAssertEqual(id, "CONTENT-001")
        let created = try team.tick(at: "2026-01-09T09:06:00Z")
        XCTAssertEqual(created.events, ["task.created CONTENT-001", "task.assigned CONTENT-001"])
        XCTAssertEqual(created.event(.taskCreated, "CONTENT-001")?.author, "Coordinator")
        XCTAssertEqual(try team.value("queue/CONTENT-001.md", "assignee"), "2")
        XCTAssertEqual(try team.value("queue/CONTENT-001.md", "created"), "2026-01-09T09:06:00Z", "the tick's clock")

        // 3. Agent 02 sees it, reads it, starts it; later completes it with the tweet.
        let started = try session(team, agent: 2, at: "2026-01-09T09:10:00Z", [
            PythonMCPClient.call("my_work"),
            PythonMCPClient.call("get_task", ["task_id": "CONTENT-001"]),
            PythonMCPClient.call("start_task", ["task_id": "CONTENT-001"]),
        ])
        XCTAssertEqual((started.json(0)["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, ["CONTENT-001"])
        XCTAssertEqual((started.json(1)["body"] as? [String: Any])?["text"] as? String, "Ika's morning routine, in her voice.\n")
        XCTAssertFalse(started.isError(2), started.text(2))
        XCTAssertEqual(try team.tick(at: "2026-01-09T09:11:00Z").events, ["task.started CONTENT-001"])
        XCTAssertEqual(try team.value("queue/CONTENT-001.md", "started_at"), "2026-01-09T09:10:00Z")
        let tweet = "Ika never loses a chase. Not even to the alarm clock. #InfiniteIdol"
        let completed = try session(team, agent: 2, at: "2026-01-09T09:30:00Z", [
            PythonMCPClient.call("complete_task", ["task_id": "CONTENT-001", "text": tweet]),
            // Refused: agent 02 may not answer the review of its own work (there is none yet, and it is not the reviewer).
            PythonMCPClient.call("submit_review", ["review_id": "CONTENT-001.cultural", "verdict": "approved", "notes": "fine"]),
        ])
        XCTAssertFalse(completed.isError(0), completed.text(0))
        XCTAssertTrue(completed.isError(1))

        // 4. The tick requests the cultural review from agent 09.
        let review = try team.tick(at: "2026-01-09T09:31:00Z")
        XCTAssertEqual(review.events, ["task.completed CONTENT-001", "review.requested CONTENT-001.cultural"])
        XCTAssertEqual(review.event(.taskCompleted, "CONTENT-001")?.author, "Content Strategist")
        XCTAssertEqual(review.event(.taskCompleted, "CONTENT-001")?.payload["output"], "outputs/content/tweets/ika-tweet-006.md")
        XCTAssertEqual(try team.show("outputs/content/tweets/ika-tweet-006.md"), tweet)

        // 5. Agent 09 reads the work and approves through submit_review; it may not touch the task.
        let cultural = try session(team, agent: 9, at: "2026-01-09T10:00:00Z", [
            PythonMCPClient.call("my_work"),
            PythonMCPClient.call("get_review", ["review_id": "CONTENT-001.cultural"]),
            PythonMCPClient.call("start_task", ["task_id": "CONTENT-001"]),
            PythonMCPClient.call("submit_review", ["review_id": "CONTENT-001.cultural", "verdict": "approved",
                                                   "notes": "DS rating fine; no cultural issues."]),
        ])
        XCTAssertEqual((cultural.json(0)["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, ["CONTENT-001.cultural"])
        XCTAssertEqual((cultural.json(1)["output"] as? [String: Any])?["text"] as? String, tweet + "\n")
        XCTAssertEqual(cultural.json(1)["you_may_answer"] as? Bool, true)
        XCTAssertTrue(cultural.isError(2))
        XCTAssertTrue(cultural.text(2).contains("assigned to agent 02"), cultural.text(2))
        XCTAssertFalse(cultural.isError(3), cultural.text(3))
        XCTAssertTrue(try team.show("reviews/CONTENT-001.cultural.md").hasSuffix("## Notes\nDS rating fine; no cultural issues."))

        // 6. The coordinator's review is requested; 7. agent 00 approves; the tick schedules the tweet.
        let next = try team.tick(at: "2026-01-09T10:01:00Z")
        XCTAssertEqual(next.events, ["review.completed CONTENT-001.cultural", "review.requested CONTENT-001.coordinator"])
        XCTAssertEqual(next.event(.reviewCompleted, "CONTENT-001.cultural")?.author, "Cultural Reviewer")
        let coordinator = try session(team, agent: 0, at: "2026-01-09T10:15:00Z", [
            PythonMCPClient.call("submit_review", ["review_id": "CONTENT-001.coordinator", "verdict": "approved", "notes": "Ship it."]),
        ])
        XCTAssertFalse(coordinator.isError(0), coordinator.text(0))
        let scheduled = try team.tick(at: "2026-01-09T10:16:00Z")
        XCTAssertEqual(scheduled.events, ["review.completed CONTENT-001.coordinator", "content.scheduled CONTENT-001"])
        XCTAssertEqual(try team.value("queue/CONTENT-001.md", "status"), "scheduled")

        // Each write was one commit as its agent (name and first identity); every change passes validate.
        XCTAssertEqual(try team.repo.git(["log", "--reverse", "--format=%an <%ae>|%s", "\(start)..main"]).split(separator: "\n").map(String.init), [
            "Coordinator <agent00@team.example>|CONTENT-001: created by agent-00",
            "chase-bot <chase-bot@users.noreply.github.com>|chase: 1 task.assigned, 1 task.created",
            "Content Strategist <agent02@team.example>|CONTENT-001: started by agent-02",
            "Content Strategist <agent02@team.example>|CONTENT-001: completed by agent-02 (outputs/content/tweets/ika-tweet-006.md)",
            "chase-bot <chase-bot@users.noreply.github.com>|chase: 1 review.requested, 1 task.completed",
            "Cultural Reviewer <agent09@team.example>|CONTENT-001.cultural: approved by agent-09",
            "chase-bot <chase-bot@users.noreply.github.com>|chase: 1 review.completed, 1 review.requested",
            "Coordinator <agent00@team.example>|CONTENT-001.coordinator: approved by agent-00",
            "chase-bot <chase-bot@users.noreply.github.com>|chase: 1 content.scheduled, 1 review.completed",
        ])
        let validation = try team.validate(since: start)
        XCTAssertEqual(validation.status, 0, validation.stdout + validation.stderr)
        XCTAssertEqual(try team.repo.git(["status", "--porcelain"]), "", "the work tree follows every commit")
    }
}
