import Foundation
import XCTest
@testable import GitKit

final class CommitAndReferenceTests: GitKitTestCase {
    private let bot = Signature(name: "Chase Bot", email: "bot@example.com",
                                time: Date(timeIntervalSince1970: 1_700_000_500), offsetMinutes: -300)

    /// A bare repository with one commit on main, made by the git CLI.
    private func bareWithOneCommit() throws -> (bare: URL, head: Oid) {
        let work = try makeWorkTree()
        try write("queue/a.md", "a\n", in: work)
        try commitAll("first", in: work)
        let bare = tmp.appendingPathComponent("bare.git")
        try git.run(["clone", "-q", "--bare", work.path, bare.path], in: tmp)
        return (bare, try rev("refs/heads/main", in: bare))
    }

    private func commitOnTop(_ repo: Repository, parent: Oid, file: String, message: String) throws -> Oid {
        let base = try repo.commit(parent).tree
        let tree = try repo.buildTree(base: base, changes: [file: .write(Array(message.utf8))])
        return try repo.createCommit(tree: tree, parents: [parent], author: bot, committer: bot, message: message)
    }

    func testCreateCommitIsSeenByGitWithAuthorAndMessageAndMovesNoRef() throws {
        let (bare, head) = try bareWithOneCommit()
        let repo = try Repository.open(at: bare.path)
        let base = try repo.commit(head).tree
        let tree = try repo.buildTree(base: base, changes: ["queue/b.md": .write(Array("b\n".utf8))])
        let author = Signature(name: "Ada Author", email: "ada@example.com",
                               time: Date(timeIntervalSince1970: 1_700_000_000.75), offsetMinutes: 120)
        let commit = try repo.createCommit(tree: tree, parents: [head], author: author, committer: bot,
                                           message: "queue: add b\n\nBecause.\n")

        XCTAssertEqual(try repo.referenceTarget("refs/heads/main"), head)  // no ref moved
        let raw = try git.run(["cat-file", "-p", commit.hex], in: bare)
        XCTAssertTrue(raw.contains("tree \(tree.hex)\n"), raw)
        XCTAssertTrue(raw.contains("parent \(head.hex)\n"), raw)
        XCTAssertTrue(raw.contains("author Ada Author <ada@example.com> 1700000000 +0200\n"), raw)
        XCTAssertTrue(raw.contains("committer Chase Bot <bot@example.com> 1700000500 -0500\n"), raw)
        XCTAssertTrue(raw.hasSuffix("\nqueue: add b\n\nBecause.\n"), raw)
        XCTAssertEqual(try git.line(["log", "-1", "--format=%an|%ae|%s", commit.hex], in: bare),
                       "Ada Author|ada@example.com|queue: add b")

        let info = try repo.commit(commit)
        XCTAssertEqual(info.author.time, Date(timeIntervalSince1970: 1_700_000_000))
        XCTAssertEqual(info.committer, bot)
        XCTAssertEqual(info.parents, [head])
        XCTAssertEqual(info.tree, tree)
        try assertFsckClean(bare)
    }

    func testCreateRootCommitAndMergeCommit() throws {
        let repo = try Repository.initialize(at: tmp.appendingPathComponent("r.git").path, bare: true)
        let t1 = try repo.buildTree(base: nil, changes: ["a": .write([1])])
        let root = try repo.createCommit(tree: t1, parents: [], author: bot, committer: bot, message: "root\n")
        let left = try commitOnTop(repo, parent: root, file: "l", message: "left\n")
        let right = try commitOnTop(repo, parent: root, file: "r", message: "right\n")
        let merge = try repo.createCommit(tree: t1, parents: [left, right], author: bot, committer: bot, message: "merge\n")
        XCTAssertEqual(try repo.commit(merge).parents, [left, right])
        XCTAssertEqual(try repo.commit(root).parents, [])
        try repo.updateReference("refs/heads/main", to: merge, expected: nil, message: "test")
        try assertFsckClean(tmp.appendingPathComponent("r.git"))
    }

    func testCreateCommitWithMissingParentThrows() throws {
        let repo = try Repository.initialize(at: tmp.appendingPathComponent("r.git").path, bare: true)
        let tree = try repo.buildTree(base: nil, changes: ["a": .write([1])])
        let missing = Oid(hex: String(repeating: "34", count: 20))!
        let error = gitError {
            _ = try repo.createCommit(tree: tree, parents: [missing], author: bot, committer: bot, message: "x")
        }
        XCTAssertEqual(error?.isNotFound, true)
    }

    func testUpdateReferenceSucceedsWhenExpectedMatches() throws {
        let (bare, head) = try bareWithOneCommit()
        let repo = try Repository.open(at: bare.path)
        let next = try commitOnTop(repo, parent: head, file: "queue/b.md", message: "b\n")
        try repo.updateReference("refs/heads/main", to: next, expected: head, message: "chase: b")
        XCTAssertEqual(try repo.referenceTarget("refs/heads/main"), next)
        XCTAssertEqual(try rev("refs/heads/main", in: bare), next)
        XCTAssertEqual(try git.line(["log", "--format=%s", "-1", "main"], in: bare), "b")
        try assertFsckClean(bare)
    }

    func testUpdateReferenceFailsWhenRefMovedAndLeavesItUntouched() throws {
        let (bare, head) = try bareWithOneCommit()
        let repo = try Repository.open(at: bare.path)
        let ours = try commitOnTop(repo, parent: head, file: "queue/ours.md", message: "ours\n")
        let theirs = try commitOnTop(repo, parent: head, file: "queue/theirs.md", message: "theirs\n")

        // Another writer moves main between our read and our write.
        try git.run(["update-ref", "refs/heads/main", theirs.hex, head.hex], in: bare)

        let error = gitError { try repo.updateReference("refs/heads/main", to: ours, expected: head, message: "chase") }
        XCTAssertEqual(error?.isConflict, true, error?.description ?? "")
        XCTAssertEqual(try repo.referenceTarget("refs/heads/main"), theirs)
        XCTAssertEqual(try rev("refs/heads/main", in: bare), theirs)
        XCTAssertTrue(repo.objectExists(ours))
        try assertFsckClean(bare)

        // Retrying against the value we now see succeeds.
        try repo.updateReference("refs/heads/main", to: ours, expected: theirs, message: "chase retry")
        XCTAssertEqual(try rev("refs/heads/main", in: bare), ours)
    }

    func testUpdateReferenceExpectingAbsentConflictsWhenRefExists() throws {
        let (bare, head) = try bareWithOneCommit()
        let repo = try Repository.open(at: bare.path)
        let next = try commitOnTop(repo, parent: head, file: "x.md", message: "x\n")
        let error = gitError { try repo.updateReference("refs/heads/main", to: next, expected: nil, message: "chase") }
        XCTAssertEqual(error?.isConflict, true, error?.description ?? "")
        XCTAssertEqual(try rev("refs/heads/main", in: bare), head)
    }

    func testUpdateReferenceConflictsWhenRefWasDeleted() throws {
        let (bare, head) = try bareWithOneCommit()
        let repo = try Repository.open(at: bare.path)
        try git.run(["update-ref", "refs/heads/topic", head.hex], in: bare)
        let next = try commitOnTop(repo, parent: head, file: "x.md", message: "x\n")
        try git.run(["update-ref", "-d", "refs/heads/topic"], in: bare)
        let error = gitError { try repo.updateReference("refs/heads/topic", to: next, expected: head, message: "chase") }
        XCTAssertEqual(error?.isConflict, true, error?.description ?? "")
        XCTAssertNil(try repo.referenceTarget("refs/heads/topic"))
    }

    func testUpdateReferenceConflictsWhileAnotherWriterHoldsTheLock() throws {
        let (bare, head) = try bareWithOneCommit()
        let repo = try Repository.open(at: bare.path)
        let next = try commitOnTop(repo, parent: head, file: "x.md", message: "x\n")
        let lock = bare.appendingPathComponent("refs/heads/main.lock")
        try Data().write(to: lock)
        let error = gitError { try repo.updateReference("refs/heads/main", to: next, expected: head, message: "chase") }
        XCTAssertEqual(error?.isConflict, true, error?.description ?? "")
        try FileManager.default.removeItem(at: lock)
        XCTAssertEqual(try rev("refs/heads/main", in: bare), head)
    }

    func testCustomRefCanBeCreatedUpdatedAndDeleted() throws {
        let (bare, head) = try bareWithOneCommit()
        let repo = try Repository.open(at: bare.path)
        let name = "refs/chase/processed/main"
        try repo.updateReference(name, to: head, expected: nil, message: "chase: processed")
        XCTAssertEqual(try rev(name, in: bare), head)

        let next = try commitOnTop(repo, parent: head, file: "x.md", message: "x\n")
        try repo.updateReference(name, to: next, expected: head, message: "chase: processed")
        XCTAssertEqual(try repo.referenceTarget(name), next)
        XCTAssertEqual(try git.line(["for-each-ref", "--format=%(refname) %(objectname)", "refs/chase/"], in: bare),
                       "\(name) \(next.hex)")

        let stale = gitError { try repo.updateReference(name, to: head, expected: head, message: "stale") }
        XCTAssertEqual(stale?.isConflict, true)
        XCTAssertEqual(try repo.referenceTarget(name), next)

        try repo.deleteReference(name)
        XCTAssertNil(try repo.referenceTarget(name))
        try repo.deleteReference(name)  // already gone: fine
        try assertFsckClean(bare)
    }

    func testUpdateReferenceRejectsInvalidName() throws {
        let (bare, head) = try bareWithOneCommit()
        let repo = try Repository.open(at: bare.path)
        let error = gitError { try repo.updateReference("refs/heads/bad..name", to: head, expected: nil, message: "x") }
        XCTAssertNotNil(error)
        XCTAssertEqual(error?.isConflict, false)
    }
}
