import Chase
import ChaseCore
import Foundation
import XCTest

/// `chase tick --github-output` names the agents the tick just gave work, so the tick workflow
/// starts exactly those at once; a tick that gives no one new work names nobody (no loop).
final class ActivationOnDemandTests: XCTestCase {
    /// The `agents` and `any` outputs of one `chase tick --github-output` run.
    func tick(_ team: TeamRepository, at time: String) throws -> (agents: String, any: String) {
        let file = team.repo.root.appendingPathComponent("outputs-\(UUID().uuidString)").path
        let result = try ChaseBinary.run(["tick", "--repo", team.repo.path, "--now", time, "--github-output"], env: ["GITHUB_OUTPUT": file])
        XCTAssertEqual(result.status, 0, result.stderr)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        func value(_ name: String) -> String {
            // name<<DELIMITER / value / DELIMITER, or name=value.
            let lines = text.components(separatedBy: "\n")
            if let i = lines.firstIndex(where: { $0.hasPrefix("\(name)<<") }) { return lines[i + 1] }
            return lines.first { $0.hasPrefix("\(name)=") }.map { String($0.dropFirst(name.count + 1)) } ?? "?"
        }
        return (value("agents"), value("any"))
    }

    func testTheTickNamesTheAgentsItJustGaveWork() throws {
        let team = try TeamRepository(at: "2026-01-09T08:55:00Z")
        _ = try tick(team, at: "2026-01-09T08:56:00Z")
        try team.writeTask("CONTENT-001", ["title: A tweet", "type: content", "content_type: tweet", "review_tier: 2",
                                           "status: pending"], brief: "Write it.")
        try team.commit("Plan", by: 0, at: "2026-01-09T09:00:00Z")
        XCTAssertEqual(try tick(team, at: "2026-01-09T09:01:00Z").agents, "2", "task.assigned")
        let idle = try tick(team, at: "2026-01-09T09:02:00Z")
        XCTAssertEqual(idle.agents, "")
        XCTAssertEqual(idle.any, "false", "nothing new: nobody is started again")

        let two = AgentDesk(agent: 2, repoPath: team.repo.path, clock: { Timestamp.parse("2026-01-09T09:10:00Z")! })
        XCTAssertFalse(two.call("complete_task", arguments: ["task_id": "CONTENT-001", "text": "Tweet"]).isError)
        let review = try tick(team, at: "2026-01-09T09:11:00Z")
        XCTAssertEqual(review.agents, "9", "review.requested")
        XCTAssertEqual(review.any, "true")

        let nine = AgentDesk(agent: 9, repoPath: team.repo.path, clock: { Timestamp.parse("2026-01-09T09:20:00Z")! })
        XCTAssertFalse(nine.call("submit_review", arguments: ["review_id": "CONTENT-001.cultural", "verdict": "changes_requested",
                                                              "notes": "Softer, please."]).isError)
        XCTAssertEqual(try tick(team, at: "2026-01-09T09:21:00Z").agents, "2", "sent back for changes")
    }

    func testGithubOutputWithoutGithubActionsIsRefusedBeforeAnythingIsWritten() throws {
        let team = try TeamRepository(at: "2026-01-09T08:55:00Z")
        let before = try team.repo.rev("main")
        let result = try ChaseBinary.run(["tick", "--repo", team.repo.path, "--github-output"], env: ["GITHUB_OUTPUT": ""])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "chase: --github-output needs GITHUB_OUTPUT, which GitHub Actions sets in a workflow step\n")
        XCTAssertEqual(try team.repo.rev("main"), before)
    }
}
