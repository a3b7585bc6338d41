import ChaseCore
import Foundation
import XCTest

/// A review asking for changes, end to end through `chase tick`: the task goes back to its agent
/// with the next revision, the round's open review is closed, and completing it again starts a
/// new round of review files beside the old ones.
final class ReviewRoundTests: XCTestCase {
    func testChangesRequestedStartsANewRoundWhenTheWorkIsCompletedAgain() throws {
        let team = try TeamRepository(at: "2026-01-09T08:55:00Z")
        try team.tick(at: "2026-01-09T09:00:00Z")
        try team.writeTask("CONTENT-030", ["title: Chapter teaser", "type: content", "content_type: chapter", "review_tier: 1",
                                           "status: complete", "assignee: 7"], brief: "Tease chapter 3.")
        try team.commit("CONTENT-030 written", by: 7, at: "2026-01-09T09:30:00Z")
        try team.tick(at: "2026-01-09T09:31:00Z")

        try team.set("reviews/CONTENT-030.canon.md", "status", "changes_requested")
        try team.append("reviews/CONTENT-030.canon.md", "Senpai's eyes are violet, not blue.\n")
        try team.commit("Canon review: changes requested", by: 8, at: "2026-01-09T10:00:00Z")
        let back = try team.tick(at: "2026-01-09T10:01:00Z")
        XCTAssertEqual(back.events, ["review.completed CONTENT-030.canon", "task.started CONTENT-030"])
        XCTAssertEqual(back.event(.taskStarted, "CONTENT-030")?.payload, ["revision": "2", "reason": "CONTENT-030.canon changes_requested"])
        XCTAssertEqual(try team.value("queue/CONTENT-030.md", "status"), "in_progress")
        XCTAssertEqual(try team.value("queue/CONTENT-030.md", "revision"), "2")
        XCTAssertEqual(try team.value("reviews/CONTENT-030.cultural.md", "status"), "closed", "the round's open review is closed")
        XCTAssertTrue(try team.show("reviews/CONTENT-030.canon.md").hasSuffix("Senpai's eyes are violet, not blue."))
        XCTAssertEqual(try team.workList(7, at: "2026-01-09T10:01:00Z"), ["CONTENT-030"])
        XCTAssertEqual(try team.workList(9, at: "2026-01-09T10:01:00Z"), [], "nobody owes the closed review")

        try team.set("queue/CONTENT-030.md", "status", "complete")
        try team.commit("CONTENT-030 revised", by: 7, at: "2026-01-09T11:00:00Z")
        let again = try team.tick(at: "2026-01-09T11:01:00Z")
        XCTAssertEqual(again.events, ["task.completed CONTENT-030", "review.requested CONTENT-030.canon.r2", "review.requested CONTENT-030.cultural.r2"])
        XCTAssertEqual(try team.value("reviews/CONTENT-030.canon.r2.md", "revision"), "2")
        XCTAssertEqual(try team.value("reviews/CONTENT-030.canon.md", "status"), "changes_requested", "the first round stays as it was")

        for type in ["canon", "cultural"] {
            try team.set("reviews/CONTENT-030.\(type).r2.md", "status", "approved")
            try team.commit("\(type) review r2: approved", by: type == "canon" ? 8 : 9, at: "2026-01-09T11:30:00Z")
        }
        XCTAssertEqual(try team.tick(at: "2026-01-09T11:31:00Z").event(.reviewRequested, "CONTENT-030.coordinator.r2")?.payload["reviewer"], "0")
        try team.set("reviews/CONTENT-030.coordinator.r2.md", "status", "approved")
        try team.commit("Coordinator review r2: approved", by: 0, at: "2026-01-09T11:45:00Z")
        try team.tick(at: "2026-01-09T11:46:00Z")
        XCTAssertEqual(try team.value("queue/CONTENT-030.md", "status"), "approved")
        XCTAssertEqual(try team.repo.git(["ls-tree", "--name-only", "main", "reviews/"]).split(separator: "\n"), [
            "reviews/.gitkeep", "reviews/CONTENT-030.canon.md", "reviews/CONTENT-030.canon.r2.md", "reviews/CONTENT-030.coordinator.r2.md",
            "reviews/CONTENT-030.cultural.md", "reviews/CONTENT-030.cultural.r2.md",
        ])
    }
}
