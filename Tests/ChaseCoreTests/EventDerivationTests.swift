import XCTest
@testable import ChaseCore

final class EventDerivationTests: XCTestCase {
    let source = EventSource(commit: String(repeating: "c", count: 40), author: "Agent 02", email: "a2@example.com",
                             time: Fixture.t0)

    private func events(_ before: ParsedFile?, _ after: ParsedFile?, path: String = "queue/CONTENT-1.md") -> [Event] {
        EventDerivation.events(for: FileChange(oldPath: before == nil ? nil : path, newPath: after == nil ? nil : path,
                                               before: before, after: after), source: source)
    }

    func testAddedTaskIsCreated() {
        let e = events(nil, .task(Fixture.task("CONTENT-1", priority: .p1, assignee: 2)))
        XCTAssertEqual(e.map(\.type), [.taskCreated])
        XCTAssertEqual(e[0].payload, ["priority": "P1", "status": "pending", "agent": "2"])
        XCTAssertEqual(e[0].author, "Agent 02")
        XCTAssertEqual(e[0].commit, source.commit)
    }

    func testStatusChangesBecomeEvents() {
        let rows: [(TaskStatus, EventType?)] = [
            (.inProgress, .taskStarted), (.complete, .taskCompleted), (.blocked, .taskBlocked),
            (.cancelled, .taskCancelled), (.scheduled, .contentScheduled), (.published, .contentPublished),
            (.approved, nil), (.inReview, nil),
        ]
        for (status, type) in rows {
            let e = events(.task(Fixture.task("CONTENT-1", assignee: 2)), .task(Fixture.task("CONTENT-1", status: status, assignee: 2)))
            XCTAssertEqual(e.map(\.type), type.map { [$0] } ?? [], "\(status)")
        }
    }

    func testUnchangedStatusIsNoEvent() {
        let t = Fixture.task("CONTENT-1", assignee: 2)
        var t2 = t
        t2.title = "Renamed"
        XCTAssertTrue(events(.task(t), .task(t2)).isEmpty)
    }

    func testReviewVerdictIsReviewCompleted() {
        let before = Fixture.review("CONTENT-1", .cultural)
        let after = Fixture.review("CONTENT-1", .cultural, status: .changesRequested)
        let e = events(.review(before), .review(after), path: before.path)
        XCTAssertEqual(e.map(\.type), [.reviewCompleted])
        XCTAssertEqual(e[0].payload["status"], "changes_requested")
        XCTAssertEqual(e[0].task, "CONTENT-1")
        // The bot closing a review is not a verdict.
        XCTAssertTrue(events(.review(before), .review(Fixture.review("CONTENT-1", .cultural, status: .closed))).isEmpty)
    }

    func testInvalidFileIsReportedOncePerChange() {
        let p = FileProblems([FileProblem(path: "queue/CONTENT-1.md", line: 3, message: "bad")])
        let e = events(nil, .invalid(p))
        XCTAssertEqual(e.map(\.type), [.fileInvalid])
        XCTAssertEqual(e[0].subject, "queue/CONTENT-1.md")
        XCTAssertEqual(e[0].payload, ["line": "3", "reason": "line 3: bad"])
        XCTAssertTrue(events(.invalid(p), .invalid(p)).isEmpty, "the same problem again is not news")
    }

    func testDeletedTaskIsTaskDeletedWithItsStatusAndAgent() {
        let e = events(.task(Fixture.task("CONTENT-1", status: .inProgress, assignee: 2)), nil)
        XCTAssertEqual(e.map(\.type), [.taskDeleted])
        XCTAssertEqual(e[0].subject, "CONTENT-1")
        XCTAssertEqual(e[0].task, "CONTENT-1")
        XCTAssertEqual(e[0].payload, ["status": "in_progress", "agent": "2"])
        XCTAssertEqual(e[0].author, "Agent 02")
    }

    func testDeletedReviewIsReviewDeleted() {
        let review = Fixture.review("CONTENT-1", .cultural, status: .approved)
        let e = events(.review(review), nil, path: review.path)
        XCTAssertEqual(e.map(\.type), [.reviewDeleted])
        XCTAssertEqual(e[0].subject, review.id)
        XCTAssertEqual(e[0].task, "CONTENT-1")
        XCTAssertEqual(e[0].payload, ["review_type": "cultural", "status": "approved", "reviewer": String(review.reviewer)])
    }

    func testDeletingAFileThatNeverParsedIsNoEvent() {
        let p = FileProblems([FileProblem(path: "queue/CONTENT-1.md", line: 3, message: "bad")])
        XCTAssertTrue(events(.invalid(p), nil).isEmpty)
        XCTAssertTrue(events(.other, nil, path: "outputs/a.md").isEmpty)
    }

    func testMovingAFinishedTaskBackIsReopened() {
        for from in TaskStatus.allCases {
            for to in [TaskStatus.pending, .inProgress] where from != to {
                let e = events(.task(Fixture.task("CONTENT-1", status: from, assignee: 2)), .task(Fixture.task("CONTENT-1", status: to, assignee: 2)))
                if from.isOpen {
                    XCTAssertNotEqual(e.map(\.type), [.taskReopened], "\(from) → \(to) is not a reopening")
                } else {
                    XCTAssertEqual(e.map(\.type), [.taskReopened], "\(from) → \(to)")
                    XCTAssertEqual(e[0].payload, ["from": from.rawValue, "status": to.rawValue])
                }
            }
        }
        // Starting work that was pending is still task.started.
        let started = events(.task(Fixture.task("CONTENT-1", assignee: 2)), .task(Fixture.task("CONTENT-1", status: .inProgress, assignee: 2)))
        XCTAssertEqual(started.map(\.type), [.taskStarted])
    }
}

final class CommitMessageTests: XCTestCase {
    func testTrailersRoundTripEvents() {
        let source = EventSource(commit: "abc", author: "chase-bot", email: "bot@example.com", time: Fixture.t0)
        let events = [
            Event(.reviewRequested, subject: "CONTENT-1.cultural", task: "CONTENT-1", source: source, payload: ["reviewer": "9"]),
            Event(.fileInvalid, subject: "queue/odd name.md", source: source, payload: ["reason": "line 2: \"quoted\" = bad"]),
        ]
        let message = CommitMessage.render(events: events, writes: 2, processedThrough: "abc123")
        XCTAssertTrue(message.hasPrefix("chase: 1 file.invalid, 1 review.requested\n\n"))
        XCTAssertTrue(message.contains("\nreview.requested CONTENT-1.cultural reviewer=9\n"))
        XCTAssertEqual(CommitMessage.processedThrough(message), "abc123")
        XCTAssertEqual(CommitMessage.events(message), events)
    }

    func testHumanMessageIsNotABotCommit() {
        XCTAssertNil(CommitMessage.processedThrough("Fix typo\n\nSigned-off-by: A <a@example.com>\n"))
    }
}
