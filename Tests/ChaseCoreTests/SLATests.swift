import XCTest
@testable import ChaseCore

final class SLATests: XCTestCase {
    /// Every row of the blueprint's SLA table, per review type and tier: not breached at the limit,
    /// breached just after.
    func testEveryReviewThresholdOfTheBlueprint() {
        let rows: [(ReviewType, Int, Double)] = [
            (.canon, 1, 120), (.cultural, 1, 120), (.cultural, 2, 60),
            (.coordinator, 1, 30), (.coordinator, 2, 30), (.coordinator, 3, 15),
        ]
        for (type, tier, minutes) in rows {
            let task = Fixture.task("CONTENT-1", tier: tier, status: .inReview, assignee: 2)
            let state = Fixture.state([task], [Fixture.review("CONTENT-1", type)])
            let atLimit = Fixture.run(state, now: Fixture.at(minutes))
            XCTAssertTrue(atLimit.events(.slaExceeded).filter { $0.payload["kind"] == "review" }.isEmpty, "\(type) tier \(tier)")
            let after = Fixture.run(state, now: Fixture.at(minutes + 1))
            let breach = after.events(.slaExceeded).filter { $0.payload["kind"] == "review" }
            XCTAssertEqual(breach.count, 1, "\(type) tier \(tier)")
            XCTAssertNotNil(after.value(RepoPath.review(Review.id(task: "CONTENT-1", type: type, revision: 1)), "escalated_at"))
        }
    }

    /// The table's N/A cells: canon outside tier 1, cultural in tier 3.
    func testTheTablesEmptyCellsHaveNoLimit() {
        for (type, tier) in [(ReviewType.canon, 2), (.canon, 3), (.cultural, 3)] {
            let task = Fixture.task("CONTENT-1", tier: tier, status: .inReview, assignee: 2)
            let ws = Fixture.run(Fixture.state([task], [Fixture.review("CONTENT-1", type)]), now: Fixture.at(10 * 60))
            XCTAssertTrue(ws.events(.slaExceeded).filter { $0.payload["kind"] == "review" }.isEmpty, "\(type) tier \(tier)")
            XCTAssertNil(Config.default.sla.reviewThreshold(type, tier: tier))
        }
    }

    func testTotalReviewBreachIsReportedOncePerRound() {
        let task = Fixture.task("CONTENT-1", tier: 2, status: .inReview, assignee: 2)
        let round1 = [Fixture.review("CONTENT-1", .cultural, requested: Fixture.t0, escalatedAt: Fixture.at(61))]
        let first = Fixture.run(Fixture.state([task], round1), now: Fixture.at(121))
        XCTAssertEqual(first.events(.slaExceeded).map { $0.payload["kind"] }, ["total_review"])
        let recorded = first.state.tasks["CONTENT-1"]!
        XCTAssertEqual(first.value("queue/CONTENT-1.md", "review_escalated_at"), Timestamp.format(Fixture.at(121)))
        XCTAssertTrue(Fixture.run(Fixture.state([recorded], round1), now: Fixture.at(500)).events.isEmpty, "once")
        // Sent back and completed again: the new round has its own clock and its own breach.
        var revised = recorded
        revised.revision = 2
        let round2 = round1.map { var r = $0; r.status = .changesRequested; return r }
            + [Fixture.review("CONTENT-1", .cultural, revision: 2, requested: Fixture.at(600), escalatedAt: Fixture.at(661))]
        XCTAssertTrue(Fixture.run(Fixture.state([revised], round2), now: Fixture.at(700)).events.isEmpty, "not yet")
        XCTAssertEqual(Fixture.run(Fixture.state([revised], round2), now: Fixture.at(721)).events(.slaExceeded).map(\.subject), ["CONTENT-1"])
    }

    func testCanonHasNoSLAOutsideTier1() {
        let task = Fixture.task("CONTENT-1", tier: 2, status: .inReview, assignee: 2)
        let ws = Fixture.run(Fixture.state([task], [Fixture.review("CONTENT-1", .canon)]), now: Fixture.at(600))
        XCTAssertTrue(ws.events(.slaExceeded).filter { $0.subject == "CONTENT-1.canon" }.isEmpty)
    }

    func testTotalReviewTimePerTier() {
        for (tier, minutes, type) in [(1, 240.0, ReviewType.coordinator), (2, 120, .coordinator), (3, 30, .coordinator)] {
            let task = Fixture.task("CONTENT-1", tier: tier, status: .inReview, assignee: 2)
            // The round started at t0; the current review is recent, so only the total can breach.
            let state = Fixture.state([task], [
                Fixture.review("CONTENT-1", .cultural, status: .approved, requested: Fixture.t0),
                Fixture.review("CONTENT-1", type, requested: Fixture.at(minutes - 1)),
            ])
            XCTAssertTrue(Fixture.run(state, now: Fixture.at(minutes)).events(.slaExceeded).isEmpty, "tier \(tier)")
            let ws = Fixture.run(state, now: Fixture.at(minutes + 1))
            XCTAssertEqual(ws.events(.slaExceeded).map { $0.payload["kind"] }, ["total_review"], "tier \(tier)")
        }
    }

    func testP0AndP1AgeLimits() {
        for (priority, hours) in [(Priority.p0, 24.0), (.p1, 72)] {
            let task = Fixture.task("OPS-1", type: .ops, priority: priority, status: .inProgress, assignee: 0)
            let state = Fixture.state([task])
            XCTAssertTrue(Fixture.run(state, now: Fixture.at(hours * 60)).events(.taskEscalated).isEmpty)
            let ws = Fixture.run(state, now: Fixture.at(hours * 60 + 1))
            XCTAssertEqual(ws.events(.taskEscalated).count, 1, "\(priority)")
            XCTAssertEqual(ws.value("queue/OPS-1.md", "escalated_at"), Timestamp.format(Fixture.at(hours * 60 + 1)))
        }
    }

    func testP2HasNoAgeLimitAndDoneTasksAreNotEscalated() {
        let p2 = Fixture.task("OPS-1", type: .ops, priority: .p2, status: .inProgress, assignee: 0)
        let doneP0 = Fixture.task("OPS-2", type: .ops, priority: .p0, status: .complete, assignee: 0)
        XCTAssertTrue(Fixture.run(Fixture.state([p2, doneP0]), now: Fixture.at(100 * 60)).events(.taskEscalated).isEmpty)
    }

    func testABreachIsReportedOnce() {
        let task = Fixture.task("OPS-1", type: .ops, priority: .p0, status: .inProgress, assignee: 0, escalatedAt: Fixture.at(1500))
        XCTAssertTrue(Fixture.run(Fixture.state([task]), now: Fixture.at(3000)).events(.taskEscalated).isEmpty)
        let review = Fixture.review("CONTENT-1", .cultural, escalatedAt: Fixture.at(70))
        let t = Fixture.task("CONTENT-1", tier: 2, status: .inReview, assignee: 2)
        XCTAssertTrue(Fixture.run(Fixture.state([t], [review]), now: Fixture.at(300)).events(.slaExceeded)
            .filter { $0.subject == review.id }.isEmpty)
    }
}
