import Chase
import ChaseCore
import Foundation
import XCTest

/// The tools of `chase mcp` called directly on a real repository: each refused action is a tool
/// error with the reason and writes nothing; writes keep every byte they do not own, commit only
/// their own files, and land in the checkout the server works in.
final class AgentDeskTests: XCTestCase {
    /// A team whose agent 02 holds CONTENT-001 (pending) and whose agent 03 holds COMMUNITY-001.
    func team() throws -> TeamRepository {
        let team = try TeamRepository(at: "2026-01-09T08:55:00Z")
        try team.tick(at: "2026-01-09T08:56:00Z")
        try team.writeTask("CONTENT-001", ["title: A tweet", "type: content", "content_type: tweet", "priority: P2",
                                           "review_tier: 2", "status: pending", "assignee: 2  # chosen by hand"], brief: "Write it.")
        try team.writeTask("CONTENT-002", ["title: A post", "type: content", "content_type: discord", "priority: P2",
                                           "status: pending", "assignee: 3"], brief: "Post it.")
        try team.commit("Plan", by: 0, at: "2026-01-09T09:00:00Z")
        try team.tick(at: "2026-01-09T09:01:00Z")
        return team
    }

    func desk(_ team: TeamRepository, _ agent: Int, path: String? = nil) -> AgentDesk {
        AgentDesk(agent: agent, repoPath: path ?? team.repo.path, clock: { Timestamp.parse("2026-01-09T09:10:00Z")! })
    }

    func json(_ answer: AgentDesk.Answer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(answer.text.utf8)) as? [String: Any]) ?? [:]
    }

    /// Calls a tool that must be refused, and checks that nothing was written.
    func assertRefused(_ desk: AgentDesk, _ team: TeamRepository, _ tool: String, _ args: [String: ToolValue], _ reason: String,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try team.repo.rev("main"), status = try team.repo.git(["status", "--porcelain"])
        let answer = desk.call(tool, arguments: args)
        XCTAssertTrue(answer.isError, "\(tool) was not refused: \(answer.text)", file: file, line: line)
        XCTAssertTrue(answer.text.contains(reason), "\(tool): \(answer.text)", file: file, line: line)
        XCTAssertEqual(try team.repo.rev("main"), before, "\(tool) wrote a commit", file: file, line: line)
        XCTAssertEqual(try team.repo.git(["status", "--porcelain"]), status, "\(tool) changed the work tree", file: file, line: line)
    }

    func testStartingAnotherAgentsTaskIsRefused() throws {
        let team = try team()
        try assertRefused(desk(team, 2), team, "start_task", ["task_id": "CONTENT-002"], "assigned to agent 03, not to you")
    }

    func testCompletingATaskThatIsNotOpenIsRefused() throws {
        let team = try team()
        try team.set("queue/CONTENT-001.md", "status", "cancelled")
        try team.commit("Cancel", by: nil, at: "2026-01-09T09:05:00Z")
        try assertRefused(desk(team, 2), team, "complete_task", ["task_id": "CONTENT-001", "text": "x"],
                          "CONTENT-001 is cancelled; only a pending or in-progress task can be completed")
    }

    func testAnsweringAnotherAgentsReviewIsRefused() throws {
        let team = try team()
        XCTAssertFalse(desk(team, 2).call("complete_task", arguments: ["task_id": "CONTENT-001", "text": "Tweet"]).isError)
        try team.tick(at: "2026-01-09T09:20:00Z")
        try assertRefused(desk(team, 8), team, "submit_review",
                          ["review_id": "CONTENT-001.cultural", "verdict": "approved", "notes": "ok"], "agent 09's to answer, not yours")
    }

    func testAnsweringTheReviewOfOwnWorkIsRefusedByThePolicy() throws {
        // Agent 09 wrote the work and is also its cultural reviewer: the policy of validate refuses it.
        let team = try team()
        try team.writeTask("CONTENT-003", ["title: Own work", "type: content", "content_type: tweet", "review_tier: 2",
                                           "status: complete", "assignee: 9", "output: outputs/own.md"], brief: "Mine.")
        try team.repo.write("outputs/own.md", "Mine.\n")
        try team.commit("Own work", by: nil, at: "2026-01-09T09:05:00Z")
        try team.tick(at: "2026-01-09T09:06:00Z")
        try assertRefused(desk(team, 9), team, "submit_review",
                          ["review_id": "CONTENT-003.cultural", "verdict": "approved", "notes": "ok"], "answered the review of its own work")
    }

    func testAReviewAlreadyAnsweredIsRefused() throws {
        let team = try team()
        XCTAssertFalse(desk(team, 2).call("complete_task", arguments: ["task_id": "CONTENT-001", "text": "Tweet"]).isError)
        try team.tick(at: "2026-01-09T09:20:00Z")
        let nine = desk(team, 9)
        XCTAssertFalse(nine.call("submit_review", arguments: ["review_id": "CONTENT-001.cultural", "verdict": "approved", "notes": ""]).isError)
        try assertRefused(nine, team, "submit_review", ["review_id": "CONTENT-001.cultural", "verdict": "rejected", "notes": "no"],
                          "already approved")
    }

    func testCreatingTasksWithoutPlansIsRefused() throws {
        let team = try team()
        try assertRefused(desk(team, 2), team, "create_task", ["title": "More", "type": "content"], "may not create tasks")
    }

    func testBadArgumentsAreToolErrors() throws {
        let team = try team()
        let two = desk(team, 2)
        try assertRefused(two, team, "start_task", [:], "task_id is required")
        try assertRefused(two, team, "start_task", ["task_id": "../../etc/passwd"], "is not a task id")
        try assertRefused(two, team, "start_task", ["task_id": "CONTENT-001", "force": true], "unknown argument force")
        try assertRefused(two, team, "start_task", ["task_id": 7], "task_id must be a string")
        try assertRefused(two, team, "submit_review", ["review_id": "X", "verdict": "maybe", "notes": ""], "verdict")
        try assertRefused(two, team, "search_tasks", ["cursor": "-3"], "cursor '-3' is not one this list gave")
        try assertRefused(two, team, "complete_task", ["task_id": "CONTENT-404", "text": "x"], "no task CONTENT-404")
        try assertRefused(two, team, "no_such_tool", [:], "unknown tool 'no_such_tool'")
    }

    func testAnUncommittedEditOfTheFileIsNeverOverwritten() throws {
        let team = try team()
        try team.append("queue/CONTENT-001.md", "A note I have not committed.\n")
        try assertRefused(desk(team, 2), team, "start_task", ["task_id": "CONTENT-001"], "uncommitted changes to queue/CONTENT-001.md")
        XCTAssertTrue(try team.repo.read("queue/CONTENT-001.md").hasSuffix("A note I have not committed.\n"))
    }

    func testAWriteKeepsEveryByteItDoesNotOwnAndCommitsOnlyItsFiles() throws {
        let team = try team()
        let before = try team.show("queue/CONTENT-001.md")
        // Drafts of the agent's: an untracked file and an edit of another file, both uncommitted.
        try team.repo.write("outputs/draft.md", "half a thought\n")
        try team.append("queue/CONTENT-002.md", "someone's edit\n")
        let answer = desk(team, 2).call("complete_task", arguments: ["task_id": "CONTENT-001", "text": "The tweet."])
        XCTAssertFalse(answer.isError, answer.text)
        XCTAssertEqual(try team.repo.git(["show", "--name-only", "--format=", "main"]).split(separator: "\n"),
                       ["outputs/content/CONTENT-001.md", "queue/CONTENT-001.md"])
        let after = try team.show("queue/CONTENT-001.md")
        XCTAssertEqual(after, before.replacingOccurrences(of: "status: pending", with: "status: complete")
            .replacingOccurrences(of: "---\nWrite it.", with: "output: outputs/content/CONTENT-001.md\n---\nWrite it."))
        XCTAssertTrue(after.contains("assignee: 2  # chosen by hand"))
        XCTAssertEqual(try team.repo.read("outputs/draft.md"), "half a thought\n")
        XCTAssertTrue(try team.repo.read("queue/CONTENT-002.md").hasSuffix("someone's edit\n"))
        XCTAssertEqual(Set(try team.repo.git(["status", "--porcelain"]).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }),
                       ["M queue/CONTENT-002.md", "?? outputs/draft.md"])
        XCTAssertEqual(try team.repo.git(["log", "-1", "--format=%an <%ae>"]), "Content Strategist <agent02@team.example>")
    }

    func testALinkedWorktreeGetsTheCommitOnItsOwnBranch() throws {
        let team = try team()
        let linked = team.repo.root.appendingPathComponent("agent-02").path
        try team.repo.git(["worktree", "add", "-q", "-b", "agent-02", linked])
        let main = try team.repo.rev("main")
        let answer = desk(team, 2, path: linked).call("start_task", arguments: ["task_id": "CONTENT-001"])
        XCTAssertFalse(answer.isError, answer.text)
        XCTAssertEqual(try team.repo.rev("main"), main, "the main checkout's branch is untouched")
        XCTAssertEqual(try team.repo.git(["log", "-1", "--format=%s", "agent-02"]), "CONTENT-001: started by agent-02")
        XCTAssertTrue(try String(contentsOfFile: linked + "/queue/CONTENT-001.md", encoding: .utf8).contains("status: in_progress"))
        XCTAssertTrue(try team.repo.read("queue/CONTENT-001.md").contains("status: pending"), "the main work tree is untouched")
        XCTAssertEqual(try team.repo.git(["status", "--porcelain"], in: linked), "")
    }

    func testBlockAndStartAgainAndRenewTheLease() throws {
        let team = try team()
        let two = desk(team, 2)
        XCTAssertFalse(two.call("block_task", arguments: ["task_id": "CONTENT-001", "reason": "Waiting\nfor art", "waiting_for": "agent 06"]).isError)
        XCTAssertEqual(try team.value("queue/CONTENT-001.md", "blocked_reason"), "Waiting for art")
        XCTAssertEqual(try team.value("queue/CONTENT-001.md", "waiting_for"), "agent 06")
        XCTAssertFalse(two.call("start_task", arguments: ["task_id": "CONTENT-001"]).isError)
        XCTAssertNil(try team.value("queue/CONTENT-001.md", "blocked_reason"))
        XCTAssertEqual(try team.value("queue/CONTENT-001.md", "status"), "in_progress")
        let later = AgentDesk(agent: 2, repoPath: team.repo.path, clock: { Timestamp.parse("2026-01-09T11:00:00Z")! })
        let renew = later.call("start_task", arguments: ["task_id": "CONTENT-001"])
        XCTAssertFalse(renew.isError, renew.text)
        XCTAssertEqual(try team.repo.git(["log", "-1", "--format=%s"]), "CONTENT-001: still in progress (lease renewed) by agent-02")
        XCTAssertEqual(try team.value("queue/CONTENT-001.md", "started_at"), "2026-01-09T11:00:00Z")
    }

    func testReadToolsAnswerTheTaskAndTheBoard() throws {
        let team = try team()
        let two = desk(team, 2)
        let task = json(two.call("get_task", arguments: ["task_id": "CONTENT-001"]))
        XCTAssertEqual((task["front_matter"] as? [String: Any])?["assignee"] as? String, "2")
        XCTAssertEqual((task["recent_events"] as? [[String: Any]])?.compactMap { $0["type"] as? String }, ["task.created"])
        let board = json(two.call("queue_status", arguments: [:]))
        XCTAssertEqual((board["counts"] as? [String: Any])?["pending"] as? Int, 2)
        let found = json(two.call("search_tasks", arguments: ["text": "post", "assignee": 3]))
        XCTAssertEqual((found["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, ["CONTENT-002"])
    }

    func testWritingAnotherTasksOutputIsRefusedByThePolicy() throws {
        // CONTENT-001 (agent 02's) names as its output the work product of CONTENT-000 (agent 03's).
        let team = try team()
        try team.writeTask("CONTENT-000", ["title: A post", "type: content", "content_type: discord", "status: in_progress",
                                           "assignee: 3", "output: outputs/post.md"], brief: "Post it.")
        try team.repo.write("queue/CONTENT-001.md", try team.repo.read("queue/CONTENT-001.md")
            .replacingOccurrences(of: "status: pending", with: "status: pending\noutput: outputs/post.md"))
        try team.commit("Two tasks, one output", by: nil, at: "2026-01-09T09:05:00Z")
        try assertRefused(desk(team, 2), team, "complete_task", ["task_id": "CONTENT-001", "text": "Mine now"],
                          "changed the output of CONTENT-000, agent 03's task")
    }
}
