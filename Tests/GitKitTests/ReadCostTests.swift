import Foundation
import XCTest
@testable import GitKit

/// Reads GitKit promises to avoid (for speed), checked by making them impossible.
final class UnreadObjectTests: GitKitTestCase {
    /// Deletes the loose object `oid`, so any attempt to read it fails.
    private func removeLooseObject(_ oid: Oid, in work: URL) throws {
        let hex = oid.hex
        let file = work.appendingPathComponent(".git/objects/\(hex.prefix(2))/\(hex.dropFirst(2))")
        try FileManager.default.removeItem(at: file)
    }

    func testTreeDiffDoesNotReadIdenticalSubtrees() throws {
        let work = try makeWorkTree()
        try write("queue/big/1.md", "1\n", in: work)
        try write("queue/big/deeper/2.md", "2\n", in: work)
        try write("queue/change.md", "v1\n", in: work)
        try write("Sources/main.swift", "print(1)\n", in: work)
        let old = try commitAll("old", in: work)
        try write("queue/change.md", "v2\n", in: work)
        try write("Sources/main.swift", "print(2)\n", in: work)
        let new = try commitAll("new", in: work)

        // The shared subtree is gone from the object database: reading it would fail.
        try removeLooseObject(try rev("\(new.hex):queue/big", in: work), in: work)
        let repo = try Repository.open(at: work.path)
        let entries = try repo.treeDiff(from: repo.commit(old).tree, to: repo.commit(new).tree, under: ["queue/"])
        XCTAssertEqual(entries.map(\.path), ["queue/change.md"])
        XCTAssertThrowsError(try repo.treeEntries(repo.commit(new).tree, under: "queue/big"))
    }

    func testReadsSkipHashVerificationForSpeed() throws {
        let work = try makeWorkTree()
        try write("a.md", "a\n", in: work)
        try write("b.md", "b\n", in: work)
        try commitAll("first", in: work)
        let a = try rev("HEAD:a.md", in: work)
        let b = try rev("HEAD:b.md", in: work)
        // Put b's object under a's name: only a hash check could notice.
        let objects = work.appendingPathComponent(".git/objects")
        let aFile = objects.appendingPathComponent("\(a.hex.prefix(2))/\(a.hex.dropFirst(2))")
        let bFile = objects.appendingPathComponent("\(b.hex.prefix(2))/\(b.hex.dropFirst(2))")
        try FileManager.default.removeItem(at: aFile)
        try FileManager.default.copyItem(at: bFile, to: aFile)

        let repo = try Repository.open(at: work.path)
        XCTAssertEqual(try repo.blob(a), Array("b\n".utf8))
    }
}
