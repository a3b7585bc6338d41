import Foundation
@testable import ChaseCore
import XCTest

final class ServiceSettingsReaderTests: XCTestCase {
    private func read(_ yaml: String) throws -> Config {
        var config = Config.default
        try ServiceSettingsReader.apply(root: try XCTUnwrap(try YAMLReader.read(Array(yaml.utf8))), to: &config)
        return config
    }

    private func problem(_ yaml: String) -> String? {
        do {
            _ = try read(yaml)
            return nil
        } catch let p as FileProblem {
            return p.description
        } catch {
            return "\(error)"
        }
    }

    func testAllThreeSections() throws {
        let config = try read("""
        agents: ignored here
        notifications:
          max_attempts: 3
          backoff: 2m
          timeout: 4s
          recipients:
            - name: leads
              mention: "<!here>"
              events: [sla.exceeded, content.published]
              channels: [webhook, outbox]
              webhook_url_env: LEADS_HOOK
              webhook_format: discord
            - name: coordinator
              agent: 0
              events: [task.blocked]
              channels: [github]
        publisher:
          kind: command
          command: [sh, scripts/publish.sh]
          timeout: 1m
        dashboard:
          enabled: true
          path: docs/DASHBOARD.md
        """)
        XCTAssertEqual(config.notifications.maxAttempts, 3)
        XCTAssertEqual(config.notifications.backoff, 120)
        XCTAssertEqual(config.notifications.timeout, 4)
        XCTAssertEqual(config.notifications.recipients, [
            NotificationRecipient(name: "leads", mention: "<!here>", events: [.slaExceeded, .contentPublished],
                                  channels: [.webhook, .outbox], webhookURLEnv: "LEADS_HOOK", webhookFormat: .discord),
            NotificationRecipient(name: "coordinator", agent: 0, events: [.taskBlocked], channels: [.github]),
        ])
        XCTAssertEqual(config.publisher, PublisherSettings(kind: .command, command: ["sh", "scripts/publish.sh"], timeout: 60))
        XCTAssertEqual(config.dashboard, DashboardSettings(enabled: true, path: "docs/DASHBOARD.md"))
    }

    func testAbsentSectionsKeepTheDefaults() throws {
        let config = try read("dashboard:\n  enabled: true\n")
        XCTAssertEqual(config.notifications, .default)
        XCTAssertEqual(config.publisher, PublisherSettings())
        XCTAssertTrue(config.dashboard.enabled)
    }

    func testBadValuesNameTheKeyAndLine() {
        XCTAssertEqual(problem("publisher:\n  kind: twitter\n"), ".chase/config.yml:2: publisher.kind must be outbox, webhook or command")
        XCTAssertEqual(problem("publisher:\n  kind: command\n"), ".chase/config.yml:2: publisher.command is needed when publisher.kind is command")
        XCTAssertEqual(problem("notifications:\n  backoff: soon\n"), ".chase/config.yml:2: notifications.backoff must be a duration like 30s, 5m or 2h")
        XCTAssertEqual(problem("notifications:\n  recipients:\n    - name: x\n      events: [task.started]\n"),
                       ".chase/config.yml:4: recipients.events: 'task.started' is not one of sla.exceeded, task.escalated, task.blocked, file.invalid, content.published, task.deleted, task.lease_expired")
        XCTAssertEqual(problem("notifications:\n  recipients:\n    - events: [task.blocked]\n"), ".chase/config.yml:3: a recipient needs a name")
        XCTAssertEqual(problem("dashboard:\n  enabled: yes\n"), ".chase/config.yml:2: dashboard.enabled must be true or false")
        XCTAssertEqual(problem("dashboard:\n  path: queue/DASH.md\n"), ".chase/config.yml:2: dashboard.path must be a relative path outside queue/, reviews/ and outputs/")
        XCTAssertEqual(problem("dashboard:\n  colour: red\n"), ".chase/config.yml:2: dashboard.colour is not a setting (enabled, path)")
        XCTAssertEqual(problem("notifications: loud\n"), ".chase/config.yml:1: notifications must be a mapping of settings")
    }
}
