import Chase
import Foundation
import XCTest

/// The blocking JSON POST against a real server on 127.0.0.1.
final class HTTPClientTests: XCTestCase {
    func testAnswerStatusAndBody() throws {
        let server = try LocalHTTPServer { request in request.path == "/ok" ? .ok(#"{"id":"1"}"#) : Answer(status: 404, body: "no such hook\nmore") }
        let ok = HTTPClient().postJSON(URL(string: server.url + "/ok")!, body: Array(#"{"a":1}"#.utf8), headers: ["X-Test": "yes"], timeout: 5)
        XCTAssertEqual(try ok.get().body, Array(#"{"id":"1"}"#.utf8))
        XCTAssertEqual(server.requests[0].method, "POST")
        XCTAssertEqual(server.requests[0].headers["x-test"], "yes")
        XCTAssertEqual(server.requests[0].headers["content-type"], "application/json")
        let missing = HTTPClient().postJSON(URL(string: server.url + "/gone")!, body: [], timeout: 5)
        XCTAssertEqual(missing.failure, .status(404, "no such hook"))
    }

    func testAHeaderWithALineBreakIsRefusedAndNothingIsSent() throws {
        let server = try LocalHTTPServer { _ in .ok() }
        defer { server.stop() }
        let forged = HTTPClient().postJSON(URL(string: server.url)!, body: [],
                                           headers: ["Authorization": "Bearer x\r\nX-Injected: yes"], timeout: 5)
        guard case .transport(let message) = forged.failure else { return XCTFail("expected a refusal, got \(forged)") }
        XCTAssertTrue(message.contains("Authorization"), message)
        XCTAssertTrue(server.requests.isEmpty)
    }

    func testARedirectIsAnAnswerNotFollowed() throws {
        let server = try LocalHTTPServer { request in 
            request.path == "/moved" ? Answer(status: 302, bytes: Array("elsewhere".utf8), headers: ["Location": "/ok"]) : .ok()
        }
        defer { server.stop() }
        let moved = HTTPClient().postJSON(URL(string: server.url + "/moved")!, body: [], timeout: 5)
        #if os(Linux)
        XCTAssertEqual(moved.failure, .status(302, "elsewhere"))
        XCTAssertEqual(server.requests.count, 1)
        #endif
    }

    func testRefusedConnectionFailsAtOnce() throws {
        let server = try LocalHTTPServer { _ in .ok() }
        let url = URL(string: server.url)!
        server.stop()
        guard case .transport = HTTPClient().postJSON(url, body: [], timeout: 5).failure else {
            return XCTFail("expected a transport failure")
        }
    }

    func testSilentServerTimesOut() throws {
        let server = try LocalHTTPServer { _ in nil }
        defer { server.stop() }
        XCTAssertEqual(HTTPClient().postJSON(URL(string: server.url)!, body: [], timeout: 0.2).failure, .timedOut(0.2))
    }
}

extension Result {
    var failure: Failure? { if case .failure(let f) = self { return f }; return nil }
}
