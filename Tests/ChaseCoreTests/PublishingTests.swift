import Foundation
@testable import ChaseCore
import XCTest

final class PublishingTests: XCTestCase {
    let t0 = Fixture.t0

    func testDueListsScheduledTasksWhoseTimeHasCome() {
        let state = Fixture.state([
            Fixture.task("CONTENT-1", status: .scheduled, scheduledAt: Fixture.at(30)),
            Fixture.task("CONTENT-2", status: .scheduled, scheduledAt: Fixture.at(-60)),
            Fixture.task("CONTENT-3", status: .approved, scheduledAt: Fixture.at(-60)),
            Fixture.task("CONTENT-4", status: .scheduled, scheduledAt: nil),
            Fixture.task("CONTENT-5", status: .scheduled, scheduledAt: Fixture.at(0)),
        ])
        XCTAssertEqual(Publishing.due(in: state, now: Fixture.at(0)).map(\.task), ["CONTENT-2", "CONTENT-5"])
    }

    func testIdempotencyKeyIsTaskAndRevision() {
        let state = Fixture.state([Fixture.task("CONTENT-2", status: .scheduled, scheduledAt: t0, revision: 3)])
        XCTAssertEqual(Publishing.due(in: state, now: t0).first?.idempotencyKey, "CONTENT-2.r3")
    }

    func testAnswerMarksTaskPublishedWithPostID() {
        let state = Fixture.state([Fixture.task("CONTENT-2", status: .scheduled, scheduledAt: t0)])
        var context = RuleContext(config: .default, now: Fixture.at(5), head: String(repeating: "a", count: 40))
        context.published = ["CONTENT-2": PublishedPost(postID: "tw-991", publisher: "webhook", revision: 1)]
        let ws = RuleEngine.run(state: state, diffEvents: [], context: context)
        XCTAssertEqual(ws.state.tasks["CONTENT-2"]?.status, .published)
        XCTAssertEqual(ws.value("queue/CONTENT-2.md", "platform_post_id"), "tw-991")
        XCTAssertEqual(ws.value("queue/CONTENT-2.md", "published_at"), "2026-01-09T09:05:00Z")
        let event = ws.events(.contentPublished).first
        XCTAssertEqual(event?.payload["platform_post_id"], "tw-991")
        XCTAssertEqual(event?.payload["idempotency_key"], "CONTENT-2.r1")
    }

    func testAnswerForAnOlderRevisionIsIgnored() {
        let state = Fixture.state([Fixture.task("CONTENT-2", status: .scheduled, scheduledAt: t0, revision: 2)])
        var context = RuleContext(config: .default, now: t0, head: String(repeating: "a", count: 40))
        context.published = ["CONTENT-2": PublishedPost(postID: "x", publisher: "outbox", revision: 1)]
        let ws = RuleEngine.run(state: state, diffEvents: [], context: context)
        XCTAssertEqual(ws.state.tasks["CONTENT-2"]?.status, .scheduled)
        XCTAssertTrue(ws.events(.contentPublished).isEmpty)
    }

    func testPublishingSwitchedOffMarksNothing() {
        var config = Config.default
        config.rules.publishing = false
        let state = Fixture.state([Fixture.task("CONTENT-2", status: .scheduled, scheduledAt: t0)])
        var context = RuleContext(config: config, now: t0, head: String(repeating: "a", count: 40))
        context.published = ["CONTENT-2": PublishedPost(postID: "x", publisher: "outbox", revision: 1)]
        XCTAssertEqual(RuleEngine.run(state: state, diffEvents: [], context: context).state.tasks["CONTENT-2"]?.status, .scheduled)
    }

    func testPostFileCarriesKeyAndContent() throws {
        let request = PublishRequest(task: "CONTENT-2", title: "Ika: tweet #6", revision: 1, platform: "twitter",
                                     scheduledAt: t0, output: "outputs/content/tweets/a.md")
        let write = PostFile.write(request, content: Array("Hello 🌅\n".utf8))
        XCTAssertEqual(write.path, "outputs/published/CONTENT-2.md")
        let text = String(decoding: write.bytes, as: UTF8.self)
        XCTAssertTrue(text.hasSuffix("---\nHello 🌅\n"))
        let fm = try FrontMatter.parse(write.bytes)
        XCTAssertEqual(fm["idempotency_key"]?.scalarText, "CONTENT-2.r1")
        XCTAssertEqual(fm["title"]?.scalarText, "Ika: tweet #6")
        XCTAssertEqual(fm["scheduled_at"]?.scalarText, "2026-01-09T09:00:00Z")
    }
}
