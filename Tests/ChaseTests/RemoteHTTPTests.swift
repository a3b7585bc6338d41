import Foundation
import GitKit
import XCTest

/// GitKit's fetch and push against a real smart-HTTP server (`git http-backend` with basic auth),
/// the way Actions reaches GitHub: credentials from GITHUB_TOKEN, a refusal by a server hook.
final class RemoteHTTPTests: XCTestCase {
    private var root: URL!
    private var server: GitHTTPServer!
    private var clone: TestRepo!

    override func setUpWithError() throws {
        clone = try TestRepo()
        try clone.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", assignee: 1))
        try clone.commit("Queue")
        root = clone.root.appendingPathComponent("server")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try clone.git(["clone", "-q", "--bare", clone.path, root.appendingPathComponent("queue.git").path])
        server = try GitHTTPServer(root: root, token: "s3cret")
        try clone.git(["remote", "add", "origin", server.url("queue.git")])
    }

    override func tearDownWithError() throws {
        server?.server.stop()
    }

    private var bare: String { root.appendingPathComponent("queue.git").path }

    private func serverRev(_ ref: String) throws -> String {
        try clone.git(["--git-dir", bare, "rev-parse", "--verify", ref])
    }

    private func localCommit() throws -> String {
        try clone.write("queue/LORE-2.md", TaskText.make("LORE-2", type: "lore", assignee: 1))
        return try clone.commit("Add LORE-2")
    }

    func testPushAndFetchOverSmartHTTPWithTheTokenFromTheEnvironment() throws {
        let commit = try localCommit()
        let repo = try Repository.open(at: clone.path)
        let remote = try Remote(repo, "origin")
        let credentials = RemoteCredentials(environment: ["GITHUB_TOKEN": "s3cret"])

        try remote.push(["refs/heads/main:refs/heads/main"], credentials: credentials)
        XCTAssertEqual(try serverRev("refs/heads/main"), commit)

        let refs = try remote.fetch(["+refs/heads/main:refs/remotes/origin/main"], credentials: credentials)
        XCTAssertEqual(refs["refs/heads/main"]?.hex, commit)
        XCTAssertEqual(try clone.rev("refs/remotes/origin/main"), commit)
    }

    func testAWrongTokenFailsAfterBoundedTriesInsteadOfLooping() throws {
        _ = try localCommit()
        let before = try serverRev("refs/heads/main")
        let repo = try Repository.open(at: clone.path)
        XCTAssertThrowsError(try Remote(repo, "origin").push(["refs/heads/main:refs/heads/main"],
                                                             credentials: RemoteCredentials(environment: ["GITHUB_TOKEN": "wrong"]))) { error in
            XCTAssertEqual((error as? GitError)?.message, "the server refused x-access-token with the token in GITHUB_TOKEN", "\(error)")
        }
        XCTAssertLessThanOrEqual(server.unauthorized, 3, "one refusal per try, and few tries")
        XCTAssertEqual(try serverRev("refs/heads/main"), before)
    }

    func testNoTokenFailsSayingWhichVariableIsMissing() throws {
        let repo = try Repository.open(at: clone.path)
        XCTAssertThrowsError(try Remote(repo, "origin").fetch(["refs/heads/main"], credentials: RemoteCredentials(environment: [:]))) { error in
            let git = error as? GitError
            XCTAssertEqual(git?.message, "the server asks for credentials and GITHUB_TOKEN is not set", "\(error)")
            XCTAssertEqual(git?.operation, "fetch from 'origin'")
        }
    }

    func testAPushRefusedByAServerHookIsAFailureNotASuccess() throws {
        let hook = root.appendingPathComponent("queue.git/hooks/pre-receive")
        try "#!/bin/sh\necho 'main is protected' >&2\nexit 1\n".write(to: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        _ = try localCommit()
        let before = try serverRev("refs/heads/main")
        let repo = try Repository.open(at: clone.path)

        XCTAssertThrowsError(try Remote(repo, "origin").push(["refs/heads/main:refs/heads/main"],
                                                             credentials: RemoteCredentials(environment: ["GITHUB_TOKEN": "s3cret"]))) { error in
            guard let rejection = error as? PushRejection else { return XCTFail("not a rejection: \(error)") }
            XCTAssertEqual(rejection.refused, ["refs/heads/main": "pre-receive hook declined"])
            XCTAssertFalse(rejection.remoteMoved)
        }
        XCTAssertEqual(try serverRev("refs/heads/main"), before)
    }
}
