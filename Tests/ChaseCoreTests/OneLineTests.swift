@testable import ChaseCore
import XCTest

/// Text from files printed one record a line: nothing a file holds can start a line of its own.
final class OneLineTests: XCTestCase {
    func testLineBreaksAndControlCharactersBecomeEscapes() {
        XCTAssertEqual("a\n::error::x\r\u{1B}[31m\u{2028}b\tc".oneLine, "a\\n::error::x\\r\\u{1B}[31m\\u{2028}b\tc")
        XCTAssertEqual("plain text: 🌅".oneLine, "plain text: 🌅")
    }

    func testAProblemAndAnEventLineStayOnOneLine() {
        let problem = FileProblem(path: "queue/X\n::add-mask::.md", line: 2, message: "status 'a\n::error::b' is not a status")
        XCTAssertFalse(problem.description.contains("\n"))
        let source = EventSource(commit: "c", author: "a", email: "e", time: Fixture.t0)
        let event = Event(.fileInvalid, subject: "queue/X\n::warning::.md", task: nil, source: source, payload: ["reason": "x\n::error::y"])
        XCTAssertEqual(event.line, #"file.invalid queue/X\n::warning::.md reason="x\n::error::y""#)
    }
}
