import XCTest
@testable import ChaseCore

final class ReviewsTests: XCTestCase {
    private func completed(tier: Int, scheduledAt: Date? = nil, revision: Int = 1) -> Task {
        Fixture.task("CONTENT-10", tier: tier, status: .complete, assignee: 2, scheduledAt: scheduledAt, revision: revision)
    }

    func testTier1RequestsCanonAndCulturalInParallel() {
        let ws = Fixture.run(Fixture.state([completed(tier: 1)]))
        XCTAssertEqual(ws.events(.reviewRequested).map(\.subject), ["CONTENT-10.canon", "CONTENT-10.cultural"])
        XCTAssertEqual(ws.state.tasks["CONTENT-10"]?.status, .inReview)
        XCTAssertEqual(ws.state.reviews["CONTENT-10.canon"]?.reviewer, 8)
        XCTAssertEqual(ws.state.reviews["CONTENT-10.cultural"]?.reviewer, 9)
    }

    func testTier2SkipsCanonReview() {
        let ws = Fixture.run(Fixture.state([completed(tier: 2)]))
        XCTAssertEqual(ws.events(.reviewRequested).map(\.subject), ["CONTENT-10.cultural"])
        XCTAssertEqual(ws.state.reviews["CONTENT-10.cultural"]?.due, Fixture.at(60), "tier 2 cultural SLA is 1h")
    }

    func testTier3GoesStraightToCoordinator() {
        let ws = Fixture.run(Fixture.state([completed(tier: 3)]))
        XCTAssertEqual(ws.events(.reviewRequested).map(\.subject), ["CONTENT-10.coordinator"])
        XCTAssertEqual(ws.state.reviews["CONTENT-10.coordinator"]?.reviewer, 0)
        XCTAssertEqual(ws.state.reviews["CONTENT-10.coordinator"]?.due, Fixture.at(15))
    }

    func testDefaultTierIsTwo() {
        let t = Fixture.task("CONTENT-10", status: .complete, assignee: 2)
        let ws = Fixture.run(Fixture.state([t]))
        XCTAssertEqual(ws.events(.reviewRequested).map(\.subject), ["CONTENT-10.cultural"])
    }

    func testCoordinatorWaitsUntilEveryReviewOfTheStageApproves() {
        let task = Fixture.task("CONTENT-10", tier: 1, status: .inReview, assignee: 2)
        var ws = Fixture.run(Fixture.state([task], [
            Fixture.review("CONTENT-10", .canon, status: .approved), Fixture.review("CONTENT-10", .cultural),
        ]))
        XCTAssertTrue(ws.events(.reviewRequested).isEmpty)
        ws = Fixture.run(Fixture.state([task], [
            Fixture.review("CONTENT-10", .canon, status: .approved),
            Fixture.review("CONTENT-10", .cultural, status: .approved),
        ]))
        XCTAssertEqual(ws.events(.reviewRequested).map(\.subject), ["CONTENT-10.coordinator"])
    }

    func testCoordinatorApprovalApprovesTask() {
        let task = Fixture.task("CONTENT-10", tier: 3, status: .inReview, assignee: 2)
        let ws = Fixture.run(Fixture.state([task], [Fixture.review("CONTENT-10", .coordinator, status: .approved)]))
        XCTAssertEqual(ws.state.tasks["CONTENT-10"]?.status, .approved)
        XCTAssertEqual(ws.value("queue/CONTENT-10.md", "status"), "approved")
        XCTAssertTrue(ws.events(.contentScheduled).isEmpty)
    }

    func testCoordinatorApprovalWithScheduledAtSchedules() {
        let at = Fixture.at(24 * 60)
        let task = Fixture.task("CONTENT-10", tier: 3, status: .inReview, assignee: 2, scheduledAt: at)
        let ws = Fixture.run(Fixture.state([task], [Fixture.review("CONTENT-10", .coordinator, status: .approved)]))
        XCTAssertEqual(ws.state.tasks["CONTENT-10"]?.status, .scheduled)
        XCTAssertEqual(ws.events(.contentScheduled).first?.payload["scheduled_at"], Timestamp.format(at))
    }

    func testChangesRequestedSendsTaskBackAndClosesTheRound() {
        let task = Fixture.task("CONTENT-10", tier: 1, status: .inReview, assignee: 2)
        let ws = Fixture.run(Fixture.state([task], [
            Fixture.review("CONTENT-10", .canon, status: .changesRequested), Fixture.review("CONTENT-10", .cultural),
        ]))
        XCTAssertEqual(ws.state.tasks["CONTENT-10"]?.status, .inProgress)
        XCTAssertEqual(ws.state.tasks["CONTENT-10"]?.revision, 2)
        XCTAssertEqual(ws.value("queue/CONTENT-10.md", "revision"), "2")
        XCTAssertEqual(ws.state.reviews["CONTENT-10.cultural"]?.status, .closed)
        XCTAssertEqual(ws.value("reviews/CONTENT-10.cultural.md", "status"), "closed")
    }

    func testRejectedAlsoSendsTaskBack() {
        let task = Fixture.task("CONTENT-10", tier: 3, status: .inReview, assignee: 2)
        let ws = Fixture.run(Fixture.state([task], [Fixture.review("CONTENT-10", .coordinator, status: .rejected)]))
        XCTAssertEqual(ws.state.tasks["CONTENT-10"]?.status, .inProgress)
        XCTAssertEqual(ws.state.tasks["CONTENT-10"]?.revision, 2)
    }

    func testRevisedTaskGetsANewRoundOfReviewFiles() {
        let task = completed(tier: 2, revision: 2)
        let ws = Fixture.run(Fixture.state([task], [Fixture.review("CONTENT-10", .cultural, status: .changesRequested)]))
        XCTAssertEqual(ws.events(.reviewRequested).map(\.subject), ["CONTENT-10.cultural.r2"])
        XCTAssertEqual(ws.state.reviews["CONTENT-10.cultural.r2"]?.path, "reviews/CONTENT-10.cultural.r2.md")
    }

    func testCancellingATaskClosesItsOpenReviews() {
        let task = Fixture.task("CONTENT-10", tier: 1, status: .cancelled, assignee: 2)
        let ws = Fixture.run(Fixture.state([task], [
            Fixture.review("CONTENT-10", .canon, status: .approved), Fixture.review("CONTENT-10", .cultural),
        ]), now: Fixture.at(600))
        XCTAssertEqual(ws.value("reviews/CONTENT-10.cultural.md", "status"), "closed")
        XCTAssertNil(ws.value("reviews/CONTENT-10.canon.md", "status"), "a verdict stays as written")
        XCTAssertTrue(ws.events(.slaExceeded).isEmpty, "a closed review is owed by nobody")
    }

    func testNonContentTasksAreNotReviewed() {
        let lore = Fixture.task("LORE-3", type: .lore, status: .complete, assignee: 1)
        let ws = Fixture.run(Fixture.state([lore]))
        XCTAssertTrue(ws.events.isEmpty)
        XCTAssertTrue(ws.edits.isEmpty)
    }

    func testSwitchedOffReviewRuleActsOnNothing() {
        var config = Config.default
        config.rules.reviews = false
        let ws = Fixture.run(Fixture.state([completed(tier: 1)]), config: config)
        XCTAssertTrue(ws.createdReviews.isEmpty)
        XCTAssertTrue(ws.edits.isEmpty)
    }

    func testRulesSettle() {
        // Running the rules again on their own output changes nothing.
        let ws = Fixture.run(Fixture.state([completed(tier: 1), Fixture.task("CONTENT-11")]))
        let again = RuleEngine.run(state: ws.state, diffEvents: [], context: RuleContext(
            config: .default, now: Fixture.t0, head: ""))
        XCTAssertTrue(again.events.isEmpty)
        XCTAssertTrue(again.edits.isEmpty)
        XCTAssertTrue(again.createdReviews.isEmpty)
    }
}
