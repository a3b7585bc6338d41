import ChaseCore
import XCTest

/// The file an event is about, where its annotation belongs (`Event.file`).
final class EventFileTests: XCTestCase {
    let source = EventSource(commit: "abc", author: "chase-bot", email: "bot@example.com", time: Fixture.t0)

    func testAReviewsSLABreachIsAboutTheReviewFile() {
        let e = Event(.slaExceeded, subject: "CONTENT-1.cultural", task: "CONTENT-1", source: source, payload: ["kind": "review"])
        XCTAssertEqual(e.file, "reviews/CONTENT-1.cultural.md")
    }

    func testARoundsTotalBreachIsAboutTheTaskFile() {
        let e = Event(.slaExceeded, subject: "CONTENT-1", task: "CONTENT-1", source: source, payload: ["kind": "total_review"])
        XCTAssertEqual(e.file, "queue/CONTENT-1.md")
    }

    func testAnInvalidFileIsAboutItselfAndATasksEventAboutItsFile() {
        XCTAssertEqual(Event(.fileInvalid, subject: "queue/BROKEN-1.md", source: source).file, "queue/BROKEN-1.md")
        XCTAssertEqual(Event(.taskBlocked, subject: "CONTENT-2", task: "CONTENT-2", source: source).file, "queue/CONTENT-2.md")
        XCTAssertNil(Event(.taskCreated, subject: "x", source: source).file)
    }

    func testPathsAreBuiltInOnePlace() {
        XCTAssertEqual(RepoPath.task("CONTENT-1"), "queue/CONTENT-1.md")
        XCTAssertEqual(RepoPath.review(Review.id(task: "CONTENT-1", type: .canon, revision: 2)), "reviews/CONTENT-1.canon.r2.md")
        XCTAssertEqual(PublishRequest.idempotencyKey(task: "CONTENT-1", revision: 2), "CONTENT-1.r2")
    }
}
