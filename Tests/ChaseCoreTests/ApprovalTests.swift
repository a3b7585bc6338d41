import XCTest
@testable import ChaseCore

/// What was approved is recorded, and approved content that changes goes back to review.
final class ApprovalTests: XCTestCase {
    private let blob = String(repeating: "a", count: 40), other = String(repeating: "b", count: 40)
    private let output = "outputs/content/x.md"

    private func context(_ blobs: [String: String]) -> RuleContext {
        var context = RuleContext(config: .default, now: Fixture.t0, head: String(repeating: "c", count: 40))
        context.outputBlobs = blobs
        return context
    }

    private func run(_ state: QueueState, blobs: [String: String]) -> Workspace {
        RuleEngine.run(state: state, diffEvents: [], context: context(blobs))
    }

    private func scheduled(approved: String?) -> Task {
        var task = Fixture.task("CONTENT-10", tier: 3, status: .scheduled, assignee: 2, scheduledAt: Fixture.at(600))
        task.output = output; task.platform = "twitter"; task.approvedOutput = approved
        return task
    }

    func testTheRecordReadsBackWithSpacesAndDashes() {
        var content = ApprovedContent(task: scheduled(approved: nil), blobs: [output: blob])
        content.output = "outputs/a b%.md"; content.platform = "-"
        XCTAssertEqual(ApprovedContent(recorded: content.recorded), content)
        XCTAssertEqual(content.recorded, "\(blob) outputs/a%20b%25.md 2026-01-09T19:00:00Z %2D")
        XCTAssertNil(ApprovedContent(recorded: "not a record"))
        XCTAssertNil(ApprovedContent(recorded: "xyz \(output) - -"), "a blob id is 40 hex digits")
    }

    func testTheLastApprovalRecordsWhatItApproved() {
        var task = Fixture.task("CONTENT-10", tier: 3, status: .inReview, assignee: 2)
        task.output = output
        let ws = run(Fixture.state([task], [Fixture.review("CONTENT-10", .coordinator, status: .approved)]), blobs: [output: blob])
        XCTAssertEqual(ws.state.tasks["CONTENT-10"]?.status, .approved)
        XCTAssertEqual(ws.state.tasks["CONTENT-10"]?.approvedOutput, "\(blob) \(output) - -")
        XCTAssertTrue(ws.edits[task.path]?.contains { $0.key == "approved_output" } == true)
    }

    func testUnchangedApprovedContentStaysScheduled() {
        let task = scheduled(approved: ApprovedContent(task: scheduled(approved: nil), blobs: [output: blob]).recorded)
        let ws = run(Fixture.state([task]), blobs: [output: blob])
        XCTAssertEqual(ws.state.tasks["CONTENT-10"]?.status, .scheduled)
        XCTAssertTrue(ws.events.isEmpty)
    }

    func testAChangedOutputFileSendsItBackForANewRoundOfReview() {
        let task = scheduled(approved: ApprovedContent(task: scheduled(approved: nil), blobs: [output: blob]).recorded)
        let ws = run(Fixture.state([task], [Fixture.review("CONTENT-10", .coordinator, status: .approved)]), blobs: [output: other])
        let after = ws.state.tasks["CONTENT-10"]
        XCTAssertEqual(after?.status, .inReview)
        XCTAssertEqual(after?.revision, 2)
        XCTAssertNil(after?.approvedOutput)
        XCTAssertEqual(ws.events(.contentChanged).map(\.payload), [["changed": "output file", "revision": "2", "from": "scheduled"]])
        XCTAssertEqual(ws.events(.reviewRequested).map(\.subject), ["CONTENT-10.coordinator.r2"])
    }

    func testARecordThatDoesNotReadBackCountsAsChanged() {
        let ws = run(Fixture.state([scheduled(approved: "garbage")]), blobs: [output: blob])
        XCTAssertEqual(ws.events(.contentChanged).first?.payload["changed"], "approved_output")
    }

    func testATaskWithoutARecordIsLeftAsItIs() {
        let ws = run(Fixture.state([scheduled(approved: nil)]), blobs: [output: blob])
        XCTAssertEqual(ws.state.tasks["CONTENT-10"]?.status, .scheduled)
    }
}
