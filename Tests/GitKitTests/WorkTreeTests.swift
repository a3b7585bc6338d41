import Foundation
import XCTest
@testable import GitKit

final class WorkTreeTests: GitKitTestCase {
    private let bot = Signature(name: "Chase Bot", email: "bot@example.com", time: Date(timeIntervalSince1970: 1_700_000_500))

    func testPathStatusIsZeroWhenCleanAndFlagsChanges() throws {
        let work = try makeWorkTree()
        try write("queue/a.md", "a\n", in: work)
        try write("queue/b.md", "b\n", in: work)
        try commitAll("first", in: work)
        let repo = try Repository.open(at: work.path)
        XCTAssertEqual(try repo.pathStatus("queue/a.md"), 0)

        try write("queue/a.md", "changed\n", in: work)
        XCTAssertNotEqual(try repo.pathStatus("queue/a.md"), 0)
        XCTAssertEqual(try repo.pathStatus("queue/b.md"), 0)

        try write("queue/new.md", "new\n", in: work)
        XCTAssertNotEqual(try repo.pathStatus("queue/new.md"), 0)
        XCTAssertEqual(try repo.pathStatus("queue/never.md"), 0)
    }

    /// Moves main to a bot commit changing `changes`, as the engine does, and returns (old tree, new tree).
    private func moveMain(_ repo: Repository, changes: [String: TreeChange]) throws -> (old: Oid, new: Oid) {
        let head = try XCTUnwrap(try repo.referenceTarget("refs/heads/main"))
        let oldTree = try repo.commit(head).tree
        let newTree = try repo.buildTree(base: oldTree, changes: changes)
        let commit = try repo.createCommit(tree: newTree, parents: [head], author: bot, committer: bot, message: "bot\n")
        try repo.updateReference("refs/heads/main", to: commit, expected: head, message: "bot")
        return (oldTree, newTree)
    }

    func testCheckoutPathsUpdatesCleanFilesAndIndex() throws {
        let work = try makeWorkTree()
        try write("queue/a.md", "a\n", in: work)
        try write("queue/gone.md", "gone\n", in: work)
        try write("notes.md", "mine\n", in: work)
        try commitAll("first", in: work)
        let repo = try Repository.open(at: work.path)
        try write("notes.md", "my local edit\n", in: work)  // unrelated local change stays

        let (old, new) = try moveMain(repo, changes: [
            "queue/a.md": .write(Array("from bot\n".utf8)),
            "queue/gone.md": .delete,
            "queue/added.md": .write(Array("added\n".utf8)),
        ])
        try repo.checkoutPaths(["queue/a.md", "queue/gone.md", "queue/added.md"], to: new, baseline: old)

        XCTAssertEqual(try read("queue/a.md", in: work), "from bot\n")
        XCTAssertEqual(try read("queue/added.md", in: work), "added\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("queue/gone.md").path))
        XCTAssertEqual(try read("notes.md", in: work), "my local edit\n")
        // Index and work tree agree with the new HEAD for the checked-out paths.
        XCTAssertEqual(try git.run(["status", "--porcelain"], in: work), " M notes.md\n")
        XCTAssertEqual(try repo.pathStatus("queue/a.md"), 0)
    }

    func testCheckoutPathsRefusesToOverwriteLocallyModifiedFile() throws {
        let work = try makeWorkTree()
        try write("queue/a.md", "a\n", in: work)
        try write("queue/b.md", "b\n", in: work)
        try commitAll("first", in: work)
        let repo = try Repository.open(at: work.path)
        try write("queue/a.md", "user edit\n", in: work)

        let (old, new) = try moveMain(repo, changes: [
            "queue/a.md": .write(Array("from bot\n".utf8)),
            "queue/b.md": .write(Array("bot b\n".utf8)),
        ])
        let error = gitError { try repo.checkoutPaths(["queue/a.md", "queue/b.md"], to: new, baseline: old) }
        XCTAssertEqual(error?.isCheckoutConflict, true, error?.description ?? "")
        XCTAssertEqual(try read("queue/a.md", in: work), "user edit\n")
        // Nothing was written, not even the clean path.
        XCTAssertEqual(try read("queue/b.md", in: work), "b\n")
    }

    func testCheckoutPathsRefusesToOverwriteUntrackedFileInTheWay() throws {
        let work = try makeWorkTree()
        try write("queue/a.md", "a\n", in: work)
        try commitAll("first", in: work)
        let repo = try Repository.open(at: work.path)
        try write("queue/new.md", "user's own\n", in: work)

        let (old, new) = try moveMain(repo, changes: ["queue/new.md": .write(Array("bot\n".utf8))])
        let error = gitError { try repo.checkoutPaths(["queue/new.md"], to: new, baseline: old) }
        XCTAssertEqual(error?.isCheckoutConflict, true, error?.description ?? "")
        XCTAssertEqual(try read("queue/new.md", in: work), "user's own\n")
    }

    func testCheckoutOfNoPathsTouchesNothing() throws {
        let work = try makeWorkTree()
        try write("a.md", "a\n", in: work)
        try commitAll("first", in: work)
        let repo = try Repository.open(at: work.path)
        let (old, new) = try moveMain(repo, changes: ["a.md": .write(Array("b\n".utf8))])
        try repo.checkoutPaths([], to: new, baseline: old)
        XCTAssertEqual(try read("a.md", in: work), "a\n")
    }
}
