import Chase
import ChaseCore
import Foundation
import XCTest

/// Leases through the built `chase tick`: an agent starts a task through `chase mcp` and then
/// stops; once the lease of its priority has passed with no commit touching the task or its
/// output, the tick takes it back and routes it again.
final class LeaseTickTests: XCTestCase {
    func testAStuckAgentsTaskIsTakenBackAfterItsLease() throws {
        let team = try TeamRepository(at: "2026-01-09T08:55:00Z") { $0.sla.lease = [.p2: 2 * 3600] }
        try team.tick(at: "2026-01-09T08:56:00Z")
        try team.writeTask("CONTENT-001", ["title: A tweet", "type: content", "content_type: tweet", "priority: P2",
                                           "status: pending", "output: outputs/tweet.md"], brief: "Write it.")
        try team.commit("Plan", by: 0, at: "2026-01-09T09:00:00Z")
        XCTAssertEqual(try team.tick(at: "2026-01-09T09:01:00Z").events, ["task.created CONTENT-001", "task.assigned CONTENT-001"])
        let desk = AgentDesk(agent: 2, repoPath: team.repo.path, clock: { Timestamp.parse("2026-01-09T09:10:00Z")! })
        XCTAssertFalse(desk.call("start_task", arguments: ["task_id": "CONTENT-001"]).isError)
        XCTAssertEqual(try team.tick(at: "2026-01-09T09:11:00Z").events, ["task.started CONTENT-001"])

        // A draft of the output, committed at 10:30, is progress: the lease runs from there.
        try team.repo.write("outputs/tweet.md", "Half a tweet\n")
        try team.commit("Draft", by: 2, at: "2026-01-09T10:30:00Z")
        XCTAssertEqual(try team.tick(at: "2026-01-09T12:00:00Z").events, [])
        XCTAssertEqual(try team.value("queue/CONTENT-001.md", "status"), "in_progress")

        let expired = try team.tick(at: "2026-01-09T12:31:00Z")
        XCTAssertEqual(expired.events, ["task.lease_expired CONTENT-001", "task.assigned CONTENT-001"])
        XCTAssertEqual(expired.event(.taskLeaseExpired, "CONTENT-001")?.payload, ["agent": "2", "lease": "2h", "to": "0"], "not touched within the lease")
        XCTAssertEqual(try team.value("queue/CONTENT-001.md", "status"), "pending")
        XCTAssertEqual(try team.value("queue/CONTENT-001.md", "assignee"), "2", "routed again (the tweet route is agent 02 alone)")
        XCTAssertEqual(try team.tick(at: "2026-01-09T12:45:00Z").events, [], "taken back once")
    }
}
