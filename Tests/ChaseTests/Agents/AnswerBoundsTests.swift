import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest

/// Every answer of `chase mcp` stays well under 100,000 characters on a 10,000-task queue, and the
/// lists page through everything.
final class AnswerBoundsTests: XCTestCase {
    func testAnswersStayBoundedOnATenThousandTaskQueue() throws {
        // Written straight into a bare repository's object database: the queue as one commit.
        let repo = try TestRepo(bare: true)
        let git = try Repository.open(at: repo.path)
        let title = String(repeating: "A long title about Ika's morning routine ", count: 5)
        let total = 10_000
        var files: [String: TreeChange] = [:]
        for n in 1...total {
            let id = String(format: "OPS-%05d", n)
            files["queue/\(id).md"] = .write(Array(("---\nid: \(id)\ntitle: \(title)\(n)\ntype: ops\npriority: P\(n % 4)\n"
                + "status: pending\nassignee: \(n % 2 == 0 ? 2 : 3)\ncreated: 2026-01-09T09:00:00Z\n---\nBrief \(n).\n").utf8))
        }
        let tree = try git.buildTree(base: nil, changes: files)
        let who = Signature(name: "Human Lead", email: "lead@example.com", time: Timestamp.parse("2026-01-09T09:00:00Z")!)
        let commit = try git.createCommit(tree: tree, parents: [], author: who, committer: who, message: "Ten thousand tasks\n")
        try git.updateReference("refs/heads/main", to: commit, expected: nil, message: "test")
        let desk = AgentDesk(agent: 2, repoPath: repo.path, clock: { Timestamp.parse("2026-01-09T10:00:00Z")! })

        var sizes: [String: Int] = [:]
        func call(_ tool: String, _ args: [String: ToolValue] = [:]) -> [String: Any] {
            let answer = desk.call(tool, arguments: args)
            XCTAssertFalse(answer.isError, "\(tool): \(answer.text)")
            sizes[tool] = max(sizes[tool] ?? 0, answer.text.utf8.count)
            XCTAssertLessThan(answer.text.utf8.count, 100_000, tool)
            return (try? JSONSerialization.jsonObject(with: Data(answer.text.utf8)) as? [String: Any]) ?? [:]
        }
        let work = call("my_work")
        XCTAssertEqual(work["total"] as? Int, total / 2)
        XCTAssertEqual((work["items"] as? [Any])?.count, 50)
        var seen: [String] = [], cursor: String? = nil
        for _ in 0..<3 {
            let page = call("search_tasks", cursor.map { ["cursor": .string($0)] } ?? [:])
            XCTAssertEqual(page["total"] as? Int, total)
            seen += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            cursor = page["next_cursor"] as? String
        }
        XCTAssertEqual(seen, (1...150).map { String(format: "OPS-%05d", $0) })
        let board = call("queue_status")
        XCTAssertEqual((board["counts"] as? [String: Any])?["pending"] as? Int, total)
        _ = call("get_task", ["task_id": "OPS-05000"])
        let (resources, next) = try desk.resources(cursor: nil)
        XCTAssertEqual(resources.count, 200)
        XCTAssertEqual(next, "200")
        print("largest answers on \(total) tasks (characters): \(sizes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
    }
}
