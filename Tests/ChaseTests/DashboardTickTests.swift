import Chase
import ChaseCore
import Foundation
import XCTest

/// DASHBOARD.md in the bot's commits: written when something changed, never just because time passed.
final class DashboardTickTests: XCTestCase {
    let t0 = Timestamp.parse("2026-01-09T10:00:00Z")!

    private func tick(_ repo: TestRepo, at now: Date, enabled: Bool = true) throws -> TickReport {
        var config = Config.default
        config.dashboard.enabled = enabled
        return try Tick(options: .init(repoPath: repo.path, branch: "main", now: now, config: config)).run()
    }

    func testWrittenWithTheTickAndNotRewrittenWhenNothingChanged() throws {
        let repo = try TestRepo()
        try repo.write("queue/LORE-3.md", TaskText.make("LORE-3", type: "lore", assignee: 1))
        try repo.write("queue/CONTENT-15.md", TaskText.make("CONTENT-15", assignee: 2, dependsOn: ["LORE-3"]))
        try repo.commit("Add the queue")
        let first = try tick(repo, at: t0)
        XCTAssertTrue(first.writes.contains("DASHBOARD.md"))
        let text = try repo.show("main:DASHBOARD.md")
        XCTAssertTrue(text.contains("- **CONTENT-15** → LORE-3 (pending, 01)"))
        XCTAssertTrue(text.contains("  LORE_3 --> CONTENT_15"))
        // Later, nothing new: the clocks moved, the file does not.
        let second = try tick(repo, at: t0.addingTimeInterval(1800))
        XCTAssertNil(second.commit)
        // A human change: rewritten with the new state.
        try repo.write("queue/LORE-3.md", TaskText.make("LORE-3", type: "lore", status: "complete", assignee: 1))
        try repo.commit("LORE-3 done", author: "Agent 01", email: "agent01@example.com")
        let third = try tick(repo, at: t0.addingTimeInterval(3600))
        XCTAssertTrue(third.writes.contains("DASHBOARD.md"))
        XCTAssertTrue(try repo.show("main:DASHBOARD.md").contains("Nothing is blocked."))
        XCTAssertEqual(try repo.read("DASHBOARD.md"), try repo.show("main:DASHBOARD.md") + "\n")
    }

    func testTurnedOnInTheConfigFile() throws {
        let repo = try TestRepo()
        try repo.write(".chase/config.yml", "dashboard:\n  enabled: true\n  path: docs/DASHBOARD.md\n")
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops"))
        try repo.commit("Add")
        let result = try ChaseBinary.run(["tick", "--repo", repo.path, "--now", "2026-01-09T10:00:00Z"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(try repo.show("main:docs/DASHBOARD.md").hasPrefix("# Dashboard\n"))
    }

    func testAnInvalidConfigStopsTheTickBeforeWriting() throws {
        let repo = try TestRepo()
        try repo.write(".chase/config.yml", "publisher:\n  kind: carrier-pigeon\n")
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops"))
        let head = try repo.commit("Add")
        let result = try ChaseBinary.run(["tick", "--repo", repo.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "chase: .chase/config.yml:2: publisher.kind must be outbox, webhook or command (nothing was changed)\n")
        XCTAssertEqual(try repo.rev("main"), head)
    }

    func testOffByDefault() throws {
        let repo = try TestRepo()
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops"))
        try repo.commit("Add")
        XCTAssertFalse(try tick(repo, at: t0, enabled: false).writes.contains("DASHBOARD.md"))
    }
}
