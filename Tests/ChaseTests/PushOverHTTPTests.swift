import Foundation
import XCTest

/// `chase tick --push` through the built binary against a smart-HTTP server (`git http-backend`
/// behind basic auth), as it reaches GitHub from Actions: the token from GITHUB_TOKEN, a branch the
/// server protects with a hook, a wrong token, and the options it refuses.
final class PushOverHTTPTests: XCTestCase {
    private var repo: TestRepo!
    private var server: GitHTTPServer!
    private var bot: String!
    private let now = "2026-01-09T10:00:00Z"

    override func setUpWithError() throws {
        repo = try TestRepo(bare: true)
        try repo.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", assignee: 1))
        try repo.commit("Queue")
        server = try GitHTTPServer(root: repo.root, token: "s3cret")
        bot = repo.root.appendingPathComponent("bot").path
        try repo.git(["clone", "-q", repo.path, bot], in: repo.root.path)
        try repo.git(["remote", "set-url", "origin", server.url(URL(fileURLWithPath: repo.path).lastPathComponent)], in: bot)
        try repo.write("queue/ASSET-1.md", TaskText.make("ASSET-1", type: "asset"))
        try repo.commit("Add ASSET-1")
    }

    override func tearDownWithError() throws {
        server?.server.stop()
    }

    /// Inside Actions, so that a notification would show as an annotation on standard error.
    private func chase(_ args: [String], token: String = "s3cret") throws -> ChaseBinary.Result {
        try ChaseBinary.run(args, env: ["GITHUB_TOKEN": token, "GITHUB_ACTIONS": "true",
                                        "GITHUB_STEP_SUMMARY": repo.root.appendingPathComponent("summary.md").path])
    }

    private func installHook(_ name: String, _ script: String) throws {
        let hook = URL(fileURLWithPath: repo.path).appendingPathComponent("hooks/\(name)")
        try script.write(to: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
    }

    func testTickPushOverSmartHTTPLandsWithTheTokenFromGITHUB_TOKEN() throws {
        let result = try chase(["tick", "--push", "--repo", bot, "--now", now])

        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\npushed to origin: refs/heads/main, refs/chase/processed/main, refs/chase/notified/main\n"),
                      result.stdout)
        let head = try repo.rev("main")
        XCTAssertEqual(try repo.git(["rev-parse", "main"], in: bot), head)
        XCTAssertEqual(try repo.rev("refs/chase/processed/main"), head)
        XCTAssertTrue(try repo.show("main:queue/ASSET-1.md").contains("assignee: 6"))
        let summary = try String(contentsOf: repo.root.appendingPathComponent("summary.md"), encoding: .utf8)
        XCTAssertTrue(summary.contains("| push | origin: `refs/heads/main`, `refs/chase/processed/main`, `refs/chase/notified/main` |"), summary)
    }

    func testABranchTheServersHookRefusesFailsInOneLineAndNothingIsKept() throws {
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", assignee: 2, dependsOn: ["LORE-1"]))
        try repo.commit("Add a blocked task")
        // As a protected branch: any update of main is declined from now on.
        try installHook("pre-receive", "#!/bin/sh\nwhile read old new ref; do [ \"$ref\" = refs/heads/main ] && { echo 'main is protected' >&2; exit 1; }; done\nexit 0\n")
        let before = try repo.refs()

        let result = try chase(["tick", "--push", "--repo", bot, "--now", now])

        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "chase: origin refused refs/heads/main (pre-receive hook declined); the tick's commit was not kept and origin is as it was\n",
                       "one line, and no notification for a tick that did not land")
        XCTAssertEqual(try repo.refs(), before, "the server has none of the bot's refs")
        XCTAssertEqual(try repo.git(["rev-parse", "main"], in: bot), try repo.rev("main"), "the checkout holds no refused commit")
        XCTAssertEqual(try repo.git(["status", "--porcelain"], in: bot), "")
    }

    func testAWrongTokenFailsInOneLineAndChangesNothing() throws {
        let local = try repo.git(["rev-parse", "main"], in: bot)
        let before = try repo.refs()

        let result = try chase(["tick", "--push", "--repo", bot, "--now", now], token: "expired")

        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "chase: git: fetch from 'origin': the server refused x-access-token with the token in GITHUB_TOKEN\n")
        XCTAssertEqual(try repo.git(["rev-parse", "main"], in: bot), local)
        XCTAssertEqual(try repo.refs(), before)
        XCTAssertLessThanOrEqual(server.unauthorized, 3)
    }

    func testPushOptionsThatMakeNoSenseAreOneLineErrors() throws {
        for (args, message) in [
            (["--push", "--dry-run"], "--push and --dry-run cannot be combined"),
            (["--push", "--push-attempts", "0"], "--push-attempts must be from 1 to 10, not 0"),
            (["--remote", "upstream"], "--remote and --push-attempts only apply with --push"),
        ] {
            let result = try chase(["tick", "--repo", bot] + args)
            XCTAssertNotEqual(result.status, 0, "\(args)")
            XCTAssertTrue(result.stderr.contains(message), "\(args): \(result.stderr)")
            XCTAssertNil(try? repo.git(["rev-parse", "--verify", "-q", "refs/chase/processed/main"], in: bot), "\(args): nothing ran")
        }
    }
}
