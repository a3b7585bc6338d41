import XCTest
@testable import ChaseCore

final class TimestampTests: XCTestCase {
    func testRoundTripsUTC() {
        for text in ["2026-01-09T09:00:00Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "2100-12-31T00:00:01Z"] {
            XCTAssertEqual(Timestamp.format(Timestamp.parse(text)!), text)
        }
    }

    func testOffsetsFractionsAndDates() {
        XCTAssertEqual(Timestamp.parse("2026-01-09T18:00:00+09:00"), Timestamp.parse("2026-01-09T09:00:00Z"))
        XCTAssertEqual(Timestamp.parse("2026-01-09T09:00:00.500Z")!.timeIntervalSince1970,
                       Timestamp.parse("2026-01-09T09:00:00Z")!.timeIntervalSince1970 + 0.5)
        XCTAssertEqual(Timestamp.parse("2026-01-09"), Timestamp.parse("2026-01-09T00:00:00Z"))
    }

    func testRejectsNonsense() {
        for text in ["", "2026-13-01", "2026-02-30", "2026-01-09T25:00:00Z", "2026-01-09 09:00", "yesterday",
                     "2026-01-09T09:00:00", "2026-01-09T09:00:00Zjunk", "2023-02-29"] {
            XCTAssertNil(Timestamp.parse(text), text)
        }
    }

    func testOneMessageForAValueThatIsNotATime() {
        XCTAssertEqual(Timestamp.notATime("yesterday", name: "--since"),
                       "--since 'yesterday' is not an ISO 8601 time like 2026-01-09T10:00:00Z")
    }

    func testTheJSONCodersWriteTimesAsFilesDoAndReadThemBack() throws {
        struct Stamped: Codable, Equatable { var at: Date }
        let value = Stamped(at: Timestamp.parse("2026-01-09T09:00:00Z")!)
        let bytes = try Timestamp.jsonEncoder().encode(value)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), #"{"at":"2026-01-09T09:00:00Z"}"#)
        XCTAssertEqual(try Timestamp.jsonDecoder().decode(Stamped.self, from: bytes), value)
        XCTAssertThrowsError(try Timestamp.jsonDecoder().decode(Stamped.self, from: Data(#"{"at":"soon"}"#.utf8)))
    }
}
