import Foundation
@testable import ChaseCore
import XCTest

final class NotificationTests: XCTestCase {
    let source = EventSource(commit: String(repeating: "b", count: 40), author: "chase-bot", email: "bot@example.com",
                             time: Fixture.t0)

    private func breach() -> Event {
        Event(.slaExceeded, subject: "CONTENT-10.cultural", task: "CONTENT-10", source: source, payload: [
            "kind": "review", "review_type": "cultural", "reviewer": "9", "threshold": "1h", "pending": "1h15m",
        ])
    }

    func testDefaultsSendBreachesToCoordinatorAndHumansInOneWebhookMessage() {
        let ns = NotificationRouting.notifications(for: [breach()], settings: .default)
        XCTAssertEqual(ns.map(\.channel), [.github, .webhook])
        XCTAssertEqual(ns[1].recipients, ["coordinator", "humans"])
        XCTAssertEqual(ns[1].webhookURLEnv, "CHASE_WEBHOOK_URL")
    }

    func testEventsNobodySubscribedToAreNotNotified() {
        let started = Event(.taskStarted, subject: "CONTENT-10", task: "CONTENT-10", source: source)
        XCTAssertTrue(NotificationRouting.notifications(for: [started], settings: .default).isEmpty)
        let published = Event(.contentPublished, subject: "CONTENT-10", task: "CONTENT-10", source: source)
        let ns = NotificationRouting.notifications(for: [published], settings: .default)
        XCTAssertEqual(ns.map(\.recipients), [["analytics"]])
    }

    func testDeletedWorkInProgressGoesToTheCoordinatorByDefault() {
        func deleted(_ status: TaskStatus) -> Event {
            Event(.taskDeleted, subject: "LORE-1", task: "LORE-1", source: EventSource(
                commit: source.commit, author: "Someone", email: "someone@example.com", time: Fixture.t0), payload: ["status": status.rawValue, "agent": "1"])
        }
        for status in [TaskStatus.inProgress, .inReview] {
            let ns = NotificationRouting.notifications(for: [deleted(status)], settings: .default)
            XCTAssertEqual(ns.map(\.recipients), [["coordinator"], ["coordinator"]], "\(status)")
            XCTAssertEqual(NotificationText.line(ns[0].event), "Deleted: LORE-1 (\(status.rawValue), assigned to agent 01) by Someone")
        }
        for status in [TaskStatus.pending, .blocked, .complete, .approved, .published, .cancelled] {
            XCTAssertTrue(NotificationRouting.notifications(for: [deleted(status)], settings: .default).isEmpty,
                          "a \(status) task loses no work")
        }
    }

    func testPerRecipientChannelsAndWebhooks() {
        let settings = NotificationSettings(recipients: [
            NotificationRecipient(name: "coordinator", agent: 0, events: [.taskBlocked], channels: [.outbox]),
            NotificationRecipient(name: "leads", mention: "<!here>", events: [.taskBlocked, .slaExceeded], channels: [.webhook],
                                  webhookURLEnv: "LEADS_HOOK", webhookFormat: .discord),
        ])
        let blocked = Event(.taskBlocked, subject: "CONTENT-15", task: "CONTENT-15", source: source, payload: ["blocked_by": "LORE-3"])
        let ns = NotificationRouting.notifications(for: [blocked, breach()], settings: settings)
        XCTAssertEqual(ns.map(\.channel), [.webhook, .outbox, .webhook])
        XCTAssertEqual(ns[0].mentions, ["<!here>"])
        XCTAssertEqual(String(decoding: NotificationText.webhookPayload(ns[0]), as: UTF8.self),
                       #"{"content":"<!here> Blocked: CONTENT-15 waits for LORE-3"}"#)
    }

    func testKeyIsStableAndDiffersByChannel() {
        let a = NotificationRouting.notifications(for: [breach()], settings: .default)
        let b = NotificationRouting.notifications(for: [breach()], settings: .default)
        XCTAssertEqual(a.map(\.key), b.map(\.key))
        XCTAssertNotEqual(a[0].key, a[1].key)
        XCTAssertTrue(a[1].key.hasPrefix("sla.exceeded-CONTENT-10.cultural-webhook-"))
    }

    func testSlackPayloadAndLines() {
        let n = Notice(event: breach(), channel: .webhook, recipients: ["humans"], webhookFormat: .slack)
        XCTAssertEqual(String(decoding: NotificationText.webhookPayload(n), as: UTF8.self),
                       #"{"text":"SLA exceeded: CONTENT-10.cultural (cultural review, agent 09) pending 1h15m, limit 1h"}"#)
        let invalid = Event(.fileInvalid, subject: "queue/X.md", source: source, payload: ["reason": "line 2: bad | key"])
        XCTAssertEqual(NotificationText.line(invalid), "Invalid file: queue/X.md: line 2: bad | key")
        let summary = NotificationText.stepSummary([Notice(event: invalid, channel: .github, recipients: ["humans"])])
        XCTAssertTrue(summary.contains("| `file.invalid` | queue/X.md | Invalid file: queue/X.md: line 2: bad \\| key | humans |"))
    }

    func testMentionsFromFilesPingNobodyButTheConfiguredOnesDo() {
        let hostile = Event(.fileInvalid, subject: "queue/X.md", source: source,
                            payload: ["reason": "@everyone @here <!channel> <!here> <@U123> <@&42> see"])
        let n = Notice(event: hostile, channel: .webhook, recipients: ["humans"], mentions: ["<!here>"], webhookFormat: .slack)
        let message = NotificationText.message(n)
        XCTAssertTrue(message.hasPrefix("<!here> Invalid file: "), message)
        let line = String(message.dropFirst("<!here> ".count))
        for ping in ["@everyone", "@here", "<!channel>", "<!here>", "<@U123>", "<@&42>"] {
            XCTAssertFalse(line.contains(ping), "\(ping) in \(line)")
        }
        XCTAssertEqual(line.replacingOccurrences(of: "\u{200B}", with: ""),
                       "Invalid file: queue/X.md: @everyone @here <!channel> <!here> <@U123> <@&42> see", "it still reads the same")
    }

    func testFailedEntryBacksOffThenGivesUp() {
        let settings = NotificationSettings(recipients: [], maxAttempts: 3, backoff: 60)
        var entry = OutboxEntry(notice: Notice(event: breach(), channel: .webhook, recipients: ["humans"]))
        entry = entry.failed("HTTP 500", at: Fixture.t0, settings: settings)
        XCTAssertEqual(entry.nextAttempt, Fixture.at(1))
        XCTAssertFalse(entry.isDue(at: Fixture.at(0.5)))
        XCTAssertTrue(entry.isDue(at: Fixture.at(1)))
        entry = entry.failed("timed out", at: Fixture.at(1), settings: settings)
        XCTAssertEqual(entry.nextAttempt, Fixture.at(3))
        entry = entry.failed("HTTP 502", at: Fixture.at(3), settings: settings)
        XCTAssertTrue(entry.gaveUp)
        XCTAssertEqual(entry.attempts, 3)
        XCTAssertFalse(entry.isDue(at: Fixture.at(1000)))
        XCTAssertEqual(entry.lastError, "HTTP 502")
    }

    func testEntryRoundTripsThroughStableJSON() {
        let entry = OutboxEntry(notice: Notice(event: breach(), channel: .webhook, recipients: ["humans"],
                                                           webhookURLEnv: "X", webhookFormat: .slack),
                                attempts: 1, nextAttempt: Fixture.at(5), lastError: "HTTP 500")
        XCTAssertEqual(OutboxEntry.parse(entry.bytes), entry)
        XCTAssertEqual(entry.bytes, OutboxEntry.parse(entry.bytes)!.bytes)
        XCTAssertNil(OutboxEntry.parse(Array("{not json".utf8)))
    }
}
