@testable import Chase
import XCTest

/// Webhook URLs (notifiers and the publisher): https only, plain http to this machine alone.
final class WebhookURLTests: XCTestCase {
    func testPlainHTTPToAnotherHostIsRefused() {
        XCTAssertEqual(WebhookURL.parse("http://hooks.example/T0/B0/secret", variable: "CHASE_WEBHOOK_URL").failure,
                       WebhookURLError("CHASE_WEBHOOK_URL must be an https:// URL (plain http only to this machine)"))
        XCTAssertEqual(WebhookURL.parse("ftp://hooks.example/x", variable: "CHASE_PUBLISH_URL").failure?.description,
                       "CHASE_PUBLISH_URL must be an https:// URL (plain http only to this machine)")
        XCTAssertEqual(WebhookURL.parse("not a url", variable: "V").failure?.description, "V is not a URL")
    }

    func testHTTPSAndLoopbackAreAccepted() {
        XCTAssertNil(WebhookURL.parse("https://hooks.example/x", variable: "V").failure)
        XCTAssertNil(WebhookURL.parse("http://127.0.0.1:8080/x", variable: "V").failure)
        XCTAssertNil(WebhookURL.parse("http://localhost/x", variable: "V").failure)
    }

    func testATickDoesNotSendANotificationOverPlainHTTP() throws {
        let repo = try TestRepo()
        try repo.write("queue/OPS-2.md", "---\nid: OPS-2\ntitle: fine\ntype: ops\n---\n")
        try repo.commit("A task")
        var options = Tick.Options(repoPath: repo.path, branch: "main", now: Date(timeIntervalSince1970: 1_767_960_000))
        options.environment = ["CHASE_WEBHOOK_URL": "http://hooks.example/secret"]
        _ = try Tick(options: options).run()
        try repo.write("queue/OPS-1.md", "---\ntitle: no id\ntype: ops\n---\n")
        try repo.commit("A broken task")
        let report = try Tick(options: options).run()
        XCTAssertEqual(report.notifications?.kept.values.first, "CHASE_WEBHOOK_URL must be an https:// URL (plain http only to this machine)",
                       String(describing: report.notifications))
    }
}

