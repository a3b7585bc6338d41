import XCTest
@testable import ChaseCore

final class CronScheduleTests: XCTestCase {
    private func at(_ s: String) -> Date { Timestamp.parse(s)! }

    func testTheBlueprintsContentScheduleMatchesItsThreeHours() throws {
        let cron = try CronSchedule("0 0,5,9 * * *")
        XCTAssertTrue(cron.matches(at("2026-01-09T05:00:00Z")))
        XCTAssertTrue(cron.matches(at("2026-01-09T05:00:59Z")))
        XCTAssertFalse(cron.matches(at("2026-01-09T05:01:00Z")))
        XCTAssertFalse(cron.matches(at("2026-01-09T06:00:00Z")))
    }

    func testFirstMatchIsAfterTheStartAndUpToTheEndInclusive() throws {
        let cron = try CronSchedule("0 14 * * *")
        XCTAssertEqual(cron.firstMatch(after: at("2026-01-09T13:00:00Z"), through: at("2026-01-09T14:00:00Z")), at("2026-01-09T14:00:00Z"))
        XCTAssertNil(cron.firstMatch(after: at("2026-01-09T14:00:00Z"), through: at("2026-01-09T15:00:00Z")))
        XCTAssertNil(cron.firstMatch(after: at("2026-01-09T12:00:00Z"), through: at("2026-01-09T13:59:59Z")))
        XCTAssertEqual(cron.firstMatch(after: at("2026-01-09T15:00:00Z"), through: at("2026-01-12T00:00:00Z")), at("2026-01-10T14:00:00Z"))
    }

    func testStepsRangesAndLists() throws {
        let cron = try CronSchedule("*/15 9-17/4 * * *")
        XCTAssertEqual(cron.minutes, [0, 15, 30, 45])
        XCTAssertEqual(cron.hours, [9, 13, 17])
        XCTAssertEqual(try CronSchedule("5/20 * * * *").minutes, [5, 25, 45])
        XCTAssertEqual(try CronSchedule("1,2,10-12 * * * *").minutes, [1, 2, 10, 11, 12])
    }

    func testNamesAndSevenForSunday() throws {
        let cron = try CronSchedule("0 0 * jan-mar SUN,7")
        XCTAssertEqual(cron.months, [1, 2, 3])
        XCTAssertEqual(cron.weekdays, [0])
        XCTAssertTrue(cron.matches(at("2026-01-11T00:00:00Z")))   // a Sunday
        XCTAssertFalse(cron.matches(at("2026-01-12T00:00:00Z")))  // a Monday
        XCTAssertFalse(cron.matches(at("2026-04-12T00:00:00Z")))  // a Sunday in April
        XCTAssertEqual(try CronSchedule("0 0 * * MON-FRI").weekdays, [1, 2, 3, 4, 5])
    }

    func testBothDayFieldsRestrictedMeansEitherMatches() throws {
        // The 13th, or any Friday.
        let cron = try CronSchedule("0 12 13 * 5")
        XCTAssertTrue(cron.matches(at("2026-01-13T12:00:00Z")))   // Tuesday the 13th
        XCTAssertTrue(cron.matches(at("2026-01-16T12:00:00Z")))   // Friday the 16th
        XCTAssertFalse(cron.matches(at("2026-01-14T12:00:00Z")))
        // Only one restricted: both must hold.
        let fridays = try CronSchedule("0 12 * * 5")
        XCTAssertFalse(fridays.matches(at("2026-01-13T12:00:00Z")))
    }

    func testFirstMatchSkipsToAFarDay() throws {
        let cron = try CronSchedule("30 6 29 2 *")
        XCTAssertEqual(cron.firstMatch(after: at("2026-01-01T00:00:00Z"), through: at("2028-12-31T00:00:00Z")), at("2028-02-29T06:30:00Z"))
    }

    func testBadExpressionsSayWhatIsWrong() {
        let cases: [(String, String)] = [
            ("0 0 * *", "'0 0 * *' has 4 fields; a cron expression has 5: minute hour day-of-month month day-of-week"),
            ("60 * * * *", "minute field '60': 60 is outside 0-59"),
            ("* 24 * * *", "hour field '24': 24 is outside 0-23"),
            ("* * 0 * *", "day-of-month field '0': 0 is outside 1-31"),
            ("* * * FOO *", "month field 'FOO': 'FOO' is not a number or a name like JAN"),
            ("*/0 * * * *", "minute field '*/0': step '0' must be a whole number above 0"),
            ("5-1 * * * *", "minute field '5-1': range 5-1 runs backwards"),
            ("1,,2 * * * *", "minute field '1,,2': '' is not a value, range or step"),
            ("@daily", "'@daily' has 1 field; a cron expression has 5: minute hour day-of-month month day-of-week"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try CronSchedule(text), text) { error in
                XCTAssertEqual((error as? CronSchedule.ParseError)?.description, message, text)
            }
        }
    }
}
