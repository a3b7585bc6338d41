import Foundation
import XCTest
@testable import GitKit

final class DiffTests: GitKitTestCase {
    private func summary(_ entries: [DiffEntry]) -> [String] {
        entries.map { entry in
            switch entry.status {
            case .renamed: return "R \(entry.oldPath!) -> \(entry.newPath!)"
            case .added: return "A \(entry.newPath!)"
            case .deleted: return "D \(entry.oldPath!)"
            case .modified: return "M \(entry.newPath!)"
            case .typeChanged: return "T \(entry.newPath!)"
            }
        }
    }

    func testTreeDiffReportsOnlyChangesBelowThePrefixes() throws {
        let work = try makeWorkTree()
        try write("queue/keep.md", "keep\n", in: work)
        try write("queue/change.md", "v1\n", in: work)
        try write("queue/gone.md", "bye\n", in: work)
        try write("queue2/x.md", "x\n", in: work)
        try write("Sources/main.swift", "print(1)\n", in: work)
        try write("reviews/r.md", "r\n", in: work)
        let old = try commitAll("old", in: work)

        try write("queue/change.md", "v2\n", in: work)
        try remove("queue/gone.md", in: work)
        try write("queue/deep/new.md", "new\n", in: work)
        try write("queue2/x.md", "x2\n", in: work)
        try write("queue2/y.md", "y\n", in: work)
        try write("Sources/main.swift", "print(2)\n", in: work)
        try write("outputs/o.md", "o\n", in: work)
        let new = try commitAll("new", in: work)

        let repo = try Repository.open(at: work.path)
        let oldTree = try repo.commit(old).tree
        let newTree = try repo.commit(new).tree
        let entries = try repo.treeDiff(from: oldTree, to: newTree, under: ["queue/", "reviews/", "outputs/"])
        XCTAssertEqual(summary(entries), ["A outputs/o.md", "M queue/change.md", "A queue/deep/new.md", "D queue/gone.md"])

        let modified = try XCTUnwrap(entries.first { $0.status == .modified })
        XCTAssertEqual(modified.oldOid, try rev("\(old.hex):queue/change.md", in: work))
        XCTAssertEqual(modified.newOid, try rev("\(new.hex):queue/change.md", in: work))
        XCTAssertEqual(modified.oldMode, 0o100644)
        XCTAssertEqual(modified.newMode, 0o100644)
        let added = try XCTUnwrap(entries.first { $0.newPath == "queue/deep/new.md" })
        XCTAssertNil(added.oldPath)
        XCTAssertNil(added.oldOid)
        XCTAssertNil(added.oldMode)
        let deleted = try XCTUnwrap(entries.first { $0.status == .deleted })
        XCTAssertNil(deleted.newPath)
        XCTAssertNil(deleted.newOid)
        XCTAssertEqual(deleted.oldPath, "queue/gone.md")

        // The git CLI, restricted the same way, agrees.
        let oracle = try git.run(["diff-tree", "-r", "--name-only", "--no-renames", old.hex, new.hex, "--",
                                  "queue/", "reviews/", "outputs/"], in: work)
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(Set(entries.map(\.path)), Set(oracle))

        // Without the queue prefix nothing in queue/ is reported, and queue2/ never is.
        XCTAssertEqual(summary(try repo.treeDiff(from: oldTree, to: newTree, under: ["queue2/"])),
                       ["M queue2/x.md", "A queue2/y.md"])
        XCTAssertEqual(try repo.treeDiff(from: oldTree, to: newTree, under: ["reviews/"]), [])
    }

    func testTreeDiffPrefixWithoutSlashStillDoesNotMatchSiblingWithLongerName() throws {
        let work = try makeWorkTree()
        try write("queue/a.md", "a\n", in: work)
        try write("queue2/a.md", "a\n", in: work)
        let old = try commitAll("old", in: work)
        try write("queue2/a.md", "b\n", in: work)
        try write("queue2/b.md", "b\n", in: work)
        let new = try commitAll("new", in: work)
        let repo = try Repository.open(at: work.path)
        XCTAssertEqual(try repo.treeDiff(from: repo.commit(old).tree, to: repo.commit(new).tree, under: ["queue"]), [])
    }

    func testTreeDiffReportsRenameAsOneEntryEvenWhenConfigDisablesRenames() throws {
        let work = try makeWorkTree()
        try git.run(["config", "diff.renames", "false"], in: work)
        let body = (1...40).map { "line \($0) of a reasonably long task description" }.joined(separator: "\n") + "\n"
        try write("queue/task.md", body, in: work)
        let old = try commitAll("old", in: work)
        try FileManager.default.createDirectory(at: work.appendingPathComponent("queue/done"),
                                                withIntermediateDirectories: true)
        try git.run(["mv", "queue/task.md", "queue/done/task.md"], in: work)
        let new = try commitAll("move", in: work)

        let repo = try Repository.open(at: work.path)
        let oldTree = try repo.commit(old).tree
        let newTree = try repo.commit(new).tree
        let entries = try repo.treeDiff(from: oldTree, to: newTree, under: ["queue/"])
        XCTAssertEqual(summary(entries), ["R queue/task.md -> queue/done/task.md"])
        XCTAssertEqual(entries.first?.oldOid, entries.first?.newOid)

        let withoutRenames = try repo.treeDiff(from: oldTree, to: newTree, under: ["queue/"], findRenames: false)
        XCTAssertEqual(summary(withoutRenames), ["A queue/done/task.md", "D queue/task.md"])
    }

    func testTreeDiffDetectsRenameWithSmallEditAcrossPrefixes() throws {
        let work = try makeWorkTree()
        let body = (1...40).map { "line \($0) of the task" }.joined(separator: "\n") + "\n"
        try write("queue/task.md", body, in: work)
        let old = try commitAll("old", in: work)
        try remove("queue/task.md", in: work)
        try write("reviews/task.md", body + "reviewed\n", in: work)
        let new = try commitAll("review", in: work)

        let repo = try Repository.open(at: work.path)
        let entries = try repo.treeDiff(from: repo.commit(old).tree, to: repo.commit(new).tree,
                                        under: ["queue/", "reviews/"])
        XCTAssertEqual(summary(entries), ["R queue/task.md -> reviews/task.md"])
        XCTAssertNotEqual(entries.first?.oldOid, entries.first?.newOid)
    }

    func testTreeDiffFromNoTreeReportsEverythingBelowPrefixAsAdded() throws {
        let work = try makeWorkTree()
        try write("queue/a.md", "a\n", in: work)
        try write("queue/sub/b.md", "b\n", in: work)
        try write("other/c.md", "c\n", in: work)
        let head = try commitAll("first", in: work)
        let repo = try Repository.open(at: work.path)
        let tree = try repo.commit(head).tree
        XCTAssertEqual(summary(try repo.treeDiff(from: nil, to: tree, under: ["queue/"])),
                       ["A queue/a.md", "A queue/sub/b.md"])
        XCTAssertEqual(summary(try repo.treeDiff(from: tree, to: nil, under: ["queue/"])),
                       ["D queue/a.md", "D queue/sub/b.md"])
        XCTAssertEqual(try repo.treeDiff(from: tree, to: tree, under: ["queue/"]), [])
    }

    func testTreeDiffReportsTypeChangeAndModeChange() throws {
        let work = try makeWorkTree()
        try write("queue/link", "target\n", in: work)
        try write("queue/run.sh", "echo\n", in: work)
        let old = try commitAll("old", in: work)
        try remove("queue/link", in: work)
        try FileManager.default.createSymbolicLink(atPath: work.appendingPathComponent("queue/link").path,
                                                   withDestinationPath: "run.sh")
        try FileManager.default.setAttributes([.posixPermissions: 0o755],
                                              ofItemAtPath: work.appendingPathComponent("queue/run.sh").path)
        let new = try commitAll("new", in: work)

        let repo = try Repository.open(at: work.path)
        let entries = try repo.treeDiff(from: repo.commit(old).tree, to: repo.commit(new).tree, under: ["queue/"])
        XCTAssertEqual(summary(entries), ["T queue/link", "M queue/run.sh"])
        XCTAssertEqual(entries[0].newMode, 0o120000)
        XCTAssertEqual(entries[1].oldMode, 0o100644)
        XCTAssertEqual(entries[1].newMode, 0o100755)
    }
}
