import Foundation
import XCTest
@testable import GitKit

/// Fetch and push against a real bare repository on disk, with a second clone (the git CLI) as
/// another writer. libgit2's local transport skips server hooks; the smart-HTTP tests in
/// ChaseTests cover a refusing server.
final class RemoteTests: GitKitTestCase {
    private let noToken = RemoteCredentials(environment: [:])

    /// A bare "server" repository with one commit on main, and a clone of it made by the git CLI.
    private func serverAndClone() throws -> (server: URL, clone: URL) {
        let seed = try makeWorkTree("seed")
        try write("queue/a.md", "a\n", in: seed)
        try commitAll("first", in: seed)
        let server = tmp.appendingPathComponent("server.git")
        try git.run(["clone", "-q", "--bare", seed.path, server.path], in: tmp)
        let clone = tmp.appendingPathComponent("clone")
        try git.run(["clone", "-q", server.path, clone.path], in: tmp)
        return (server, clone)
    }

    /// Another writer's commit, pushed to the server from a clone of its own.
    @discardableResult
    private func otherWriterPushes(_ file: String, to server: URL) throws -> Oid {
        let other = tmp.appendingPathComponent("other-\(UUID().uuidString)")
        try git.run(["clone", "-q", server.path, other.path], in: tmp)
        try write(file, "from the other writer\n", in: other)
        let commit = try commitAll("other writer: \(file)", in: other)
        try git.run(["push", "-q", "origin", "HEAD:main"], in: other)
        return commit
    }

    private func commitOnTop(_ repo: Repository, of parent: Oid, file: String) throws -> Oid {
        let bot = Signature(name: "Chase Bot", email: "bot@example.com", time: Date(timeIntervalSince1970: 1_700_000_100))
        let tree = try repo.buildTree(base: try repo.commit(parent).tree, changes: [file: .write(Array("bot\n".utf8))])
        return try repo.createCommit(tree: tree, parents: [parent], author: bot, committer: bot, message: "bot: \(file)\n")
    }

    func testFetchBringsTheRemotesNewCommitsAndReportsItsReferences() throws {
        let (server, clone) = try serverAndClone()
        let pushed = try otherWriterPushes("queue/b.md", to: server)
        let repo = try Repository.open(at: clone.path)
        XCTAssertFalse(repo.objectExists(pushed))

        let refs = try Remote(repo, "origin").fetch(["+refs/heads/main:refs/remotes/origin/main"], credentials: noToken)

        XCTAssertEqual(refs["refs/heads/main"], pushed)
        XCTAssertTrue(repo.objectExists(pushed))
        XCTAssertEqual(try repo.referenceTarget("refs/remotes/origin/main"), pushed)
        XCTAssertNotEqual(try repo.referenceTarget("refs/heads/main"), pushed, "the local branch is left alone")
        XCTAssertThrowsError(try git.run(["rev-parse", "--verify", "-q", "FETCH_HEAD"], in: clone), "no FETCH_HEAD")
    }

    func testFetchOfAReferenceTheRemoteLacksFetchesNothingAndItIsAbsentFromTheAnswer() throws {
        let (_, clone) = try serverAndClone()
        let repo = try Repository.open(at: clone.path)
        let refs = try Remote(repo, "origin").fetch(["refs/chase/processed/main"], credentials: noToken)
        XCTAssertNil(refs["refs/chase/processed/main"])
        XCTAssertNotNil(refs["refs/heads/main"], "the whole advertisement is returned")
    }

    func testFetchWithoutADestinationDownloadsTheObjectsAndWritesNoReference() throws {
        let (server, clone) = try serverAndClone()
        let marked = try otherWriterPushes("queue/c.md", to: server)
        try git.run(["update-ref", "refs/chase/processed/main", marked.hex], in: server)
        let repo = try Repository.open(at: clone.path)

        let refs = try Remote(repo, server.path).fetch(["refs/chase/processed/main"], credentials: noToken)

        XCTAssertEqual(refs["refs/chase/processed/main"], marked)
        XCTAssertTrue(repo.objectExists(marked))
        XCTAssertNil(try repo.referenceTarget("refs/chase/processed/main"))
    }

    func testPushOfAFastForwardMovesTheRemoteBranchAndANewReference() throws {
        let (server, clone) = try serverAndClone()
        let repo = try Repository.open(at: clone.path)
        let head = try XCTUnwrap(try repo.referenceTarget("refs/heads/main"))
        let commit = try commitOnTop(repo, of: head, file: "queue/bot.md")
        try repo.updateReference("refs/heads/main", to: commit, expected: head, message: "test")
        try repo.updateReference("refs/chase/processed/main", to: commit, expected: nil, message: "test")

        try Remote(repo, "origin").push(["refs/heads/main:refs/heads/main",
                                         "refs/chase/processed/main:refs/chase/processed/main"], credentials: noToken)

        XCTAssertEqual(try rev("refs/heads/main", in: server), commit)
        XCTAssertEqual(try rev("refs/chase/processed/main", in: server), commit)
        try assertFsckClean(server)
    }

    func testPushAfterAnotherWriterPushedIsRefusedAndTheirCommitStays() throws {
        let (server, clone) = try serverAndClone()
        let repo = try Repository.open(at: clone.path)
        let head = try XCTUnwrap(try repo.referenceTarget("refs/heads/main"))
        let mine = try commitOnTop(repo, of: head, file: "queue/bot.md")
        try repo.updateReference("refs/heads/main", to: mine, expected: head, message: "test")
        let theirs = try otherWriterPushes("queue/theirs.md", to: server)

        XCTAssertThrowsError(try Remote(repo, "origin").push(["refs/heads/main:refs/heads/main"], credentials: noToken)) { error in
            guard let rejection = error as? PushRejection else { return XCTFail("\(error)") }
            XCTAssertTrue(rejection.remoteMoved)
            XCTAssertEqual(Array(rejection.refused.keys), ["refs/heads/main"])
            XCTAssertTrue(rejection.description.hasPrefix("origin refused refs/heads/main ("), rejection.description)
        }
        XCTAssertEqual(try rev("refs/heads/main", in: server), theirs)
    }

    func testPushAfterFetchingTheOtherWritersCommitGoesThroughOnTopOfIt() throws {
        let (server, clone) = try serverAndClone()
        let repo = try Repository.open(at: clone.path)
        let theirs = try otherWriterPushes("queue/theirs.md", to: server)
        let remote = try Remote(repo, "origin")
        let fetched = try XCTUnwrap(try remote.fetch(["refs/heads/main"], credentials: noToken)["refs/heads/main"])
        XCTAssertEqual(fetched, theirs)
        let mine = try commitOnTop(repo, of: fetched, file: "queue/bot.md")
        try repo.updateReference("refs/heads/main", to: mine, expected: try repo.referenceTarget("refs/heads/main"), message: "test")

        try remote.push(["refs/heads/main:refs/heads/main"], credentials: noToken)

        XCTAssertEqual(try rev("refs/heads/main", in: server), mine)
        XCTAssertEqual(try rev("refs/heads/main~1", in: server), theirs)
    }

    func testAForcedRefspecIsRefusedBeforeAnythingIsSent() throws {
        let (server, clone) = try serverAndClone()
        let before = try rev("refs/heads/main", in: server)
        let repo = try Repository.open(at: clone.path)
        let error = gitError { try Remote(repo, "origin").push(["+refs/heads/main:refs/heads/other"], credentials: self.noToken) }
        XCTAssertEqual(error?.isInvalid, true)
        XCTAssertTrue(error?.message.contains("never forces") == true, "\(String(describing: error))")
        XCTAssertEqual(try rev("refs/heads/main", in: server), before)
        XCTAssertThrowsError(try git.run(["rev-parse", "--verify", "-q", "refs/heads/other"], in: server))
    }

    func testPushOfAnEmptySourceDeletesTheRemoteReference() throws {
        let (server, clone) = try serverAndClone()
        try git.run(["update-ref", "refs/chase/processed/main", "HEAD"], in: server)
        let repo = try Repository.open(at: clone.path)
        let remote = try Remote(repo, "origin")
        XCTAssertNotNil(try remote.fetch(["refs/chase/processed/main"], credentials: noToken)["refs/chase/processed/main"])
        try remote.push([":refs/chase/processed/main"], credentials: noToken)
        XCTAssertThrowsError(try git.run(["rev-parse", "--verify", "-q", "refs/chase/processed/main"], in: server))
    }

    func testARemoteThatDoesNotExistFailsWithLibgit2sMessage() throws {
        let (_, clone) = try serverAndClone()
        let repo = try Repository.open(at: clone.path)
        let missing = tmp.appendingPathComponent("no-such-server.git").path
        let error = gitError { _ = try Remote(repo, missing).fetch(["refs/heads/main"], credentials: self.noToken) }
        XCTAssertEqual(error?.operation, "fetch from '\(missing)'")
        XCTAssertFalse(error?.message.isEmpty ?? true)
        XCTAssertFalse(error?.description.contains("\n") ?? true)
    }

    func testTheTokenComesFromTheInjectedEnvironmentOnly() {
        XCTAssertEqual(RemoteCredentials(environment: ["GITHUB_TOKEN": "t0k"]).token, "t0k")
        XCTAssertNil(RemoteCredentials(environment: ["GITHUB_TOKEN": ""]).token)
        XCTAssertNil(RemoteCredentials(environment: [:]).token)
    }
}
