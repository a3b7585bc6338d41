import Foundation
import XCTest

/// `.chase/config.yml` through the built `chase` binary on real repositories: the team's own
/// routes, capacities, switches and bot identity are what the tick does, and a broken file stops
/// it before anything is written.
final class ConfigTickTests: XCTestCase {
    private func tick(_ repo: TestRepo, _ now: String, json: Bool = false) throws -> ChaseBinary.Result {
        try ChaseBinary.run(["tick", "--repo", repo.path, "--now", now] + (json ? ["--json"] : []))
    }

    private func events(_ result: ChaseBinary.Result) throws -> [String] {
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stderr)
        return (report["events"] as? [[String: Any]] ?? []).map { "\($0["type"]!) \($0["subject"]!)" }
    }

    func testTheTeamsRoutesCapacitySwitchesAndBotIdentityAreWhatTheTickDoes() throws {
        let repo = try TestRepo()
        try repo.write(".chase/config.yml", """
        bot:
          name: queue-bot
          email: queue-bot@team.example
        agents:
          - {number: 0, name: Coordinator, max_concurrent: 5}
          - {number: 2, name: Content Strategist, max_concurrent: 1}
          - {number: 3, name: Community Manager, max_concurrent: 1}
          - {number: 9, name: Cultural Reviewer}
        routing:
          routes:
            tweet: [2, 3]
          fallback: [0]
        reviews:
          reviewers: {cultural: 9, coordinator: 0}
          tiers:
            1: [cultural, coordinator]
            2: [cultural, coordinator]
            3: [coordinator]
        rules:
          reviews: false

        """)
        try repo.commit("The team's config")
        XCTAssertEqual(try tick(repo, "2026-01-09T09:30:00Z").status, 0)
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", priority: "P1"))
        try repo.write("queue/CONTENT-2.md", TaskText.make("CONTENT-2", priority: "P2"))
        try repo.write("queue/CONTENT-3.md", TaskText.make("CONTENT-3", priority: "P3"))
        try repo.write("queue/CONTENT-4.md", TaskText.make("CONTENT-4", status: "complete", assignee: 2))
        try repo.commit("The queue", author: "Agent 00", email: "agent00@team.example")

        let first = try tick(repo, "2026-01-09T10:00:00Z", json: true)
        XCTAssertEqual(first.status, 0, first.stderr)
        // Agent 02 has room for one, agent 03 (second on the route) for one; the P3 task waits.
        XCTAssertTrue(try repo.show("main:queue/CONTENT-1.md").contains("\nassignee: 2\n"))
        XCTAssertTrue(try repo.show("main:queue/CONTENT-2.md").contains("\nassignee: 3\n"))
        XCTAssertFalse(try repo.show("main:queue/CONTENT-3.md").contains("assignee:"))
        // Reviews switched off: the completed task is logged, but no review is requested.
        XCTAssertTrue(try events(first).contains("task.completed CONTENT-4"), first.stdout)
        XCTAssertEqual(try repo.git(["ls-tree", "--name-only", "main", "reviews/"]), "")
        XCTAssertEqual(try repo.log().first, "queue-bot|chase: 2 task.assigned, 1 task.completed, 4 task.created")
        XCTAssertEqual(try repo.git(["log", "-1", "--format=%ae", "main"]), "queue-bot@team.example")

        // Agent 02 finishes its task: room again, and the waiting task is routed on the next tick.
        try repo.write("queue/CONTENT-1.md", try repo.read("queue/CONTENT-1.md").replacingOccurrences(of: "status: pending", with: "status: complete"))
        try repo.commit("CONTENT-1 done", author: "Agent 02", email: "agent02@team.example")
        let second = try tick(repo, "2026-01-09T11:00:00Z", json: true)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try events(second), ["task.completed CONTENT-1", "task.assigned CONTENT-3"])
        XCTAssertTrue(try repo.show("main:queue/CONTENT-3.md").contains("\nassignee: 2\n"))
    }

    func testABadKeyStopsTheTickWithOneLineNamingItAndWritesNothing() throws {
        let repo = try TestRepo()
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1"))
        try repo.write(".chase/config.yml", "rules:\n  routing: true\n  escalations: false\n")
        let head = try repo.commit("A config with a typo")
        let result = try tick(repo, "2026-01-09T10:00:00Z")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "chase: .chase/config.yml:3: rules.escalations is not a rule "
            + "(intake, routing, reviews, dependencies, sla, publishing) (nothing was changed)\n")
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(try repo.rev("main"), head)
        XCTAssertEqual(try repo.refs().filter { !$0.hasPrefix("refs/heads/main ") }, [], "no marker, no notification ref")
        XCTAssertEqual(try repo.git(["status", "--porcelain"]), "")
        XCTAssertFalse(try repo.read("queue/CONTENT-1.md").contains("assignee"))
    }

    func testABrokenReferenceStopsTheTickAndValidateSaysSoToo() throws {
        let repo = try TestRepo()
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1"))
        try repo.commit("A task")
        XCTAssertEqual(try tick(repo, "2026-01-09T10:00:00Z").status, 0)
        try repo.write(".chase/config.yml", "routing:\n  routes:\n    tweet: [2]\n    thread: [12]\n")
        let head = try repo.commit("Route threads to a new agent")
        let result = try tick(repo, "2026-01-09T10:30:00Z")
        XCTAssertEqual(result.status, 1)
        let message = ".chase/config.yml:4: routing.routes.thread names agent 12, which is not in agents (00, 01, 02, 03, 04, 05, 06, 07, 08, 09)"
        XCTAssertEqual(result.stderr, "chase: \(message) (nothing was changed)\n")
        XCTAssertEqual(try repo.rev("main"), head)
        XCTAssertNotEqual(try repo.rev("refs/chase/processed/main"), head, "the marker stays where it was")

        let validate = try ChaseBinary.run(["validate", "--repo", repo.path])
        XCTAssertEqual(validate.status, 1)
        XCTAssertEqual(validate.stdout.split(separator: "\n").first.map(String.init), message)
    }

    func testInitsOwnFileDrivesTheTickExactlyAsNoFileDoes() throws {
        let plain = try TestRepo(), configured = try TestRepo()
        for repo in [plain, configured] {
            try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", tier: 1, status: "complete", assignee: 2))
            try repo.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore"))
        }
        let initialised = try ChaseBinary.run(["init", "--repo", configured.path])
        XCTAssertEqual(initialised.status, 0, initialised.stderr)
        for repo in [plain, configured] { try repo.commit("Queue") }
        let a = try tick(plain, "2026-01-09T10:00:00Z", json: true), b = try tick(configured, "2026-01-09T10:00:00Z", json: true)
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(b.status, 0, b.stderr)
        XCTAssertEqual(try events(a), try events(b))
        XCTAssertEqual(try plain.watchedFiles(), try configured.watchedFiles().filter { !$0.key.hasSuffix("/.gitkeep") })
    }
}
