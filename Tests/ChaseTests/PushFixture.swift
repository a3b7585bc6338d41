import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest

/// A remote and the bot's checkout of it, as GitHub Actions has them: `server` is a bare
/// repository whose scratch clone plays the other writers (people and agents pushing), `botPath` a
/// clone with a work tree and `origin` pointing at the server (a path, or a smart-HTTP URL).
final class PushFixture {
    let server: TestRepo
    let botPath: String
    let annotations = AnnotationLog()
    static let now = Timestamp.parse("2026-01-09T10:00:00Z")!

    /// The coordinator is told of blocked tasks and invalid files through annotations and the
    /// outbox, so a tick's notifications are visible and leave a follow-up commit to push.
    static var config: Config {
        var config = Config.default
        config.notifications = NotificationSettings(recipients: [
            NotificationRecipient(name: "coordinator", agent: 0, events: NotificationSettings.notifiable, channels: [.github, .outbox]),
        ])
        return config
    }

    /// `seed` makes the server's first commits before the bot clones it.
    init(seed: (TestRepo) throws -> Void) throws {
        server = try TestRepo(bare: true)
        try seed(server)
        botPath = server.root.appendingPathComponent("bot").path
        try server.git(["clone", "-q", server.path, botPath], in: server.root.path)
    }

    /// The bot's clone, for the git CLI as an oracle.
    @discardableResult
    func bot(_ args: [String]) throws -> String { try server.git(args, in: botPath) }

    /// Another writer's commit, pushed to the server.
    @discardableResult
    func otherWriterPushes(_ path: String, _ text: String, message: String) throws -> String {
        try server.write(path, text)
        return try server.commit(message, author: "Agent 06", email: "agent06@example.com")
    }

    func options(now: Date = PushFixture.now, environment: [String: String] = [:], attempts: Int = 3) -> PushingTick.Options {
        var tick = Tick.Options(repoPath: botPath, branch: "main", now: now, config: PushFixture.config)
        tick.environment = server.actionsEnvironment.merging(environment) { _, b in b }
        let log = annotations
        tick.emit = { log.append($0) }
        return PushingTick.Options(tick: tick, remote: "origin", attempts: attempts)
    }

    func pushTick(now: Date = PushFixture.now, attempts: Int = 3,
                  hook: @escaping (PushingTick.Step, Repository) throws -> Void = { _, _ in }) throws -> TickReport {
        try PushingTick(options: options(now: now, attempts: attempts), hook: hook).run()
    }

    /// What the server has: `git log` subjects of main, newest first.
    func serverSubjects() throws -> [String] {
        try server.git(["log", "--format=%s", "main"]).split(separator: "\n").map(String.init)
    }

    func serverRev(_ ref: String) -> String? { server.revOrNil(ref) }
}
