import Chase
import ChaseCore
import Foundation
import XCTest

/// Two `chase mcp` servers (two agents, each with its Python MCP client) writing to one checkout
/// at the same time: every write lands as its own commit on the branch, none is lost, and the work
/// tree ends clean.
final class MCPRaceTests: XCTestCase {
    func testTwoServersOnOneRepositoryLoseNothing() throws {
        let team = try TeamRepository(at: "2026-01-09T08:55:00Z")
        try team.tick(at: "2026-01-09T08:56:00Z")
        let perAgent = 8
        for agent in [2, 3] {
            for n in 1...perAgent {
                try team.writeTask("RACE\(agent)-\(String(format: "%03d", n))", ["title: Task \(n) of agent \(agent)", "type: ops",
                                                                                  "status: pending", "assignee: \(agent)"], brief: "Do it.")
            }
        }
        try team.commit("Plan", by: nil, at: "2026-01-09T09:00:00Z")
        let start = try team.repo.rev("main")

        let outcomes = Outcomes(), path = team.repo.path
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let agent = [2, 3][i]
            var calls: [[String: Any]] = []
            for n in 1...perAgent {
                let id = "RACE\(agent)-\(String(format: "%03d", n))"
                calls.append(PythonMCPClient.call("start_task", ["task_id": id]))
                calls.append(PythonMCPClient.call("complete_task", ["task_id": id, "text": "Done by \(agent): \(n)"]))
            }
            let result = Result { try PythonMCPClient.session(["mcp", "--agent", String(agent), "--repo", path], calls) }
            outcomes.set(agent, result)
        }
        for agent in [2, 3] {
            let session = try XCTUnwrap(outcomes.get(agent)).get()
            for i in session.results.indices { XCTAssertFalse(session.isError(i), "agent \(agent): \(session.text(i))") }
        }
        let authors = try team.repo.git(["log", "--format=%ae", "\(start)..main"]).split(separator: "\n")
        XCTAssertEqual(authors.filter { $0 == "agent02@team.example" }.count, 2 * perAgent)
        XCTAssertEqual(authors.filter { $0 == "agent03@team.example" }.count, 2 * perAgent)
        for agent in [2, 3] {
            for n in 1...perAgent {
                let id = "RACE\(agent)-\(String(format: "%03d", n))"
                XCTAssertEqual(try team.value("queue/\(id).md", "status"), "complete", id)
                XCTAssertEqual(try team.show("outputs/ops/\(id).md"), "Done by \(agent): \(n)")
            }
        }
        XCTAssertEqual(try team.repo.git(["status", "--porcelain"]), "", "the work tree follows both servers")
        XCTAssertEqual(try team.repo.fsck(), "")
    }
}

/// The sessions' results, set from two threads.
private final class Outcomes: @unchecked Sendable {
    private var sessions: [Int: Result<PythonMCPClient.Session, Error>] = [:]
    private let lock = NSLock()
    func set(_ agent: Int, _ result: Result<PythonMCPClient.Session, Error>) { lock.lock(); sessions[agent] = result; lock.unlock() }
    func get(_ agent: Int) -> Result<PythonMCPClient.Session, Error>? { lock.lock(); defer { lock.unlock() }; return sessions[agent] }
}
