import Foundation
@testable import ChaseCore
import XCTest

final class ContentCalendarTests: XCTestCase {
    private var state: QueueState {
        var a = Fixture.task("CONTENT-9", status: .published, assignee: 2, scheduledAt: Timestamp.parse("2026-01-08T12:00:00Z"))
        a.platformPostID = "tw-9"
        a.platform = "twitter"
        return Fixture.state([
            a,
            Fixture.task("CONTENT-10", status: .scheduled, scheduledAt: Timestamp.parse("2026-01-09T08:00:00Z")),
            Fixture.task("CONTENT-11", status: .approved, scheduledAt: Timestamp.parse("2026-01-15T03:00:00Z")),
            Fixture.task("CONTENT-12", status: .cancelled, scheduledAt: Timestamp.parse("2026-01-09T09:00:00Z")),
            Fixture.task("CONTENT-13"),
        ])
    }

    func testAllScheduledContentByDay() {
        let cal = ContentCalendar.build(state, now: Fixture.at(0), week: false)
        XCTAssertEqual(cal.items.map(\.task), ["CONTENT-9", "CONTENT-10", "CONTENT-11"])
        XCTAssertEqual(cal.items.map(\.late), [false, true, false])
        XCTAssertEqual(cal.text(), """
            Content calendar (UTC)
            Thu 2026-01-08
              12:00  CONTENT-9  twitter  published  Task CONTENT-9  [tw-9]
            Fri 2026-01-09
              08:00  CONTENT-10  -  scheduled (late)  Task CONTENT-10
            Thu 2026-01-15
              03:00  CONTENT-11  -  approved  Task CONTENT-11

            """)
    }

    func testWeekIsMondayToSundayWithEmptyDays() {
        let cal = ContentCalendar.build(state, now: Fixture.at(0), week: true)  // Friday 2026-01-09
        XCTAssertEqual(cal.from, Timestamp.parse("2026-01-05T00:00:00Z"))
        XCTAssertEqual(cal.to, Timestamp.parse("2026-01-12T00:00:00Z"))
        XCTAssertEqual(cal.items.map(\.task), ["CONTENT-9", "CONTENT-10"])
        let text = cal.text()
        XCTAssertTrue(text.hasPrefix("Content calendar, week of Mon 2026-01-05 (UTC)\nMon 2026-01-05\n  —\n"))
        XCTAssertTrue(text.hasSuffix("Sun 2026-01-11\n  —\n"))
    }

    func testSundayBelongsToTheWeekBefore() {
        let cal = ContentCalendar.build(state, now: Timestamp.parse("2026-01-11T23:00:00Z")!, week: true)
        XCTAssertEqual(cal.from, Timestamp.parse("2026-01-05T00:00:00Z"))
    }
}
