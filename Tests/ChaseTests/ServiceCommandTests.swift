import ChaseCore
import Foundation
import XCTest

/// `chase calendar` and `chase report` through the built binary, on a queue worked by agents and a human.
final class ServiceCommandTests: XCTestCase {
    private func tick(_ repo: TestRepo, _ now: String) throws {
        let result = try ChaseBinary.run(["tick", "--repo", repo.path, "--now", now])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    /// Two tier-3 tweets: one approved by an agent acting as coordinator, one by a human lead.
    private func worked() throws -> TestRepo {
        let repo = try TestRepo()
        for id in ["CONTENT-1", "CONTENT-2"] {
            try repo.write("queue/\(id).md", TaskText.make(id, tier: 3, status: "in_progress", assignee: 2,
                                                            extra: ["scheduled_at: 2026-01-10T09:00:00Z", "platform: twitter"]))
        }
        try repo.commit("Two tweets")
        try tick(repo, "2026-01-09T09:05:00Z")
        for id in ["CONTENT-1", "CONTENT-2"] {
            try repo.write("queue/\(id).md", TaskText.make(id, tier: 3, status: "complete", assignee: 2,
                                                            extra: ["scheduled_at: 2026-01-10T09:00:00Z", "platform: twitter"]))
        }
        repo.clock = Timestamp.parse("2026-01-09T09:07:00Z")!
        try repo.commit("Agent 02: both done", author: "Agent 02", email: "agent02@example.com")
        try tick(repo, "2026-01-09T09:10:00Z")
        try repo.write("reviews/CONTENT-1.coordinator.md", try repo.read("reviews/CONTENT-1.coordinator.md")
            .replacingOccurrences(of: "status: pending", with: "status: approved"))
        repo.clock = Timestamp.parse("2026-01-09T09:14:00Z")!
        try repo.commit("Agent 00 approves CONTENT-1", author: "Agent 00", email: "agent00@example.com")
        try tick(repo, "2026-01-09T09:20:00Z")
        try tick(repo, "2026-01-09T09:30:00Z")  // CONTENT-2's coordinator review is past its 15 minutes
        try repo.write("reviews/CONTENT-2.coordinator.md", try repo.read("reviews/CONTENT-2.coordinator.md")
            .replacingOccurrences(of: "status: pending", with: "status: approved"))
        repo.clock = Timestamp.parse("2026-01-09T09:49:00Z")!
        try repo.commit("Lead approves CONTENT-2 late")
        try tick(repo, "2026-01-09T10:00:00Z")
        return repo
    }

    func testReportCountsReviewTimesBreachesAndAutonomy() throws {
        let repo = try worked()
        let result = try ChaseBinary.run(["report", "--repo", repo.path, "--now", "2026-01-09T12:00:00Z", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let times = try XCTUnwrap(json["reviewTimes"] as? [[String: Any]])
        XCTAssertEqual(times.count, 1)
        XCTAssertEqual(times[0]["reviewType"] as? String, "coordinator")
        XCTAssertEqual(times[0]["completed"] as? Int, 2)
        XCTAssertEqual(times[0]["withinSLA"] as? Int, 1)
        XCTAssertEqual(json["finished"] as? [String], ["CONTENT-1", "CONTENT-2"])
        XCTAssertEqual(json["finishedWithoutHumans"] as? [String], ["CONTENT-1"])
        let text = try ChaseBinary.run(["report", "--repo", repo.path, "--now", "2026-01-09T12:00:00Z"]).stdout
        XCTAssertTrue(text.contains("  coordinator tier 3: 2 done, median "), text)
        XCTAssertTrue(text.contains("No human change: 1 of 2 finished tasks (50%)"), text)
        XCTAssertTrue(text.contains("SLA breaches: coordinator 1"), text)
    }

    func testReportRejectsABadSince() throws {
        let repo = try TestRepo()
        try repo.commit("empty")
        let result = try ChaseBinary.run(["report", "--repo", repo.path, "--since", "yesterday"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "chase: The value 'yesterday' is invalid for '--since <ISO8601>'\n")
    }

    func testCalendarShowsScheduledContent() throws {
        let repo = try worked()
        let result = try ChaseBinary.run(["calendar", "--repo", repo.path, "--week", "--now", "2026-01-09T12:00:00Z"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Sat 2026-01-10\n  09:00  CONTENT-1  twitter  scheduled  A task\n  09:00  CONTENT-2  twitter  scheduled  A task\n"),
                      result.stdout)
        let json = try ChaseBinary.run(["calendar", "--repo", repo.path, "--json"])
        XCTAssertTrue(json.stdout.contains("\"scheduledAt\" : \"2026-01-10T09:00:00Z\""), json.stdout)
    }

    func testCalendarOnAMissingRepositoryFailsInOneLine() throws {
        let result = try ChaseBinary.run(["calendar", "--repo", "/nonexistent/queue"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1)
        XCTAssertTrue(result.stderr.hasPrefix("chase: "))
    }
}
