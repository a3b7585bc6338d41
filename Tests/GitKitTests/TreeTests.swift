import Foundation
import XCTest
@testable import GitKit

final class TreeTests: GitKitTestCase {
    /// `git ls-tree -r -t` as path → (mode, id) for comparing whole trees.
    private func lsTree(_ tree: Oid, in repo: URL, recursive: Bool = true) throws -> [String: String] {
        var args = ["ls-tree", "-z"]
        if recursive { args += ["-r", "-t"] }
        let output = try git.run(args + [tree.hex], in: repo)
        var result: [String: String] = [:]
        for record in output.split(separator: "\0") {
            let parts = record.split(separator: "\t", maxSplits: 1)
            let meta = parts[0].split(separator: " ")
            result[String(parts[1])] = "\(meta[0]) \(meta[2])"
        }
        return result
    }

    func testTreeEntriesListsFilesLinksAndModesBelowFolderOnly() throws {
        let work = try makeWorkTree()
        try write("queue/a.md", "a\n", in: work)
        try write("queue/sub/deeper/b.md", "b\n", in: work)
        try write("queue/run.sh", "echo\n", in: work)
        try FileManager.default.setAttributes([.posixPermissions: 0o755],
                                              ofItemAtPath: work.appendingPathComponent("queue/run.sh").path)
        try FileManager.default.createSymbolicLink(atPath: work.appendingPathComponent("queue/link").path,
                                                   withDestinationPath: "a.md")
        try write("queue2/c.md", "c\n", in: work)
        try write("other/d.md", "d\n", in: work)
        let head = try commitAll("first", in: work)

        let repo = try Repository.open(at: work.path)
        let tree = try repo.commit(head).tree
        let entries = try repo.treeEntries(tree, under: "queue")
        XCTAssertEqual(entries.map(\.path).sorted(), ["queue/a.md", "queue/link", "queue/run.sh", "queue/sub/deeper/b.md"])
        XCTAssertEqual(try repo.treeEntries(tree, under: "queue/"), entries)

        let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0) })
        XCTAssertEqual(byPath["queue/a.md"]?.mode, 0o100644)
        XCTAssertEqual(byPath["queue/a.md"]?.isBlob, true)
        XCTAssertEqual(byPath["queue/run.sh"]?.mode, 0o100755)
        XCTAssertEqual(byPath["queue/link"]?.isSymlink, true)
        XCTAssertEqual(byPath["queue/link"]?.isBlob, false)
        XCTAssertEqual(byPath["queue/sub/deeper/b.md"]?.oid, try rev("HEAD:queue/sub/deeper/b.md", in: work))

        XCTAssertEqual(try repo.treeEntries(tree, under: "queue/sub").map(\.path), ["queue/sub/deeper/b.md"])
        XCTAssertEqual(try repo.treeEntries(tree, under: "missing/"), [])
        XCTAssertEqual(try repo.treeEntries(tree, under: "queue/a.md"), [])  // a file is not a folder
        XCTAssertEqual(try repo.treeEntries(tree, under: "").count, 6)
    }

    func testBlobRoundTripAndLookupByPath() throws {
        let work = try makeWorkTree()
        try write("queue/a.md", "hello\n", in: work)
        let head = try commitAll("first", in: work)
        let repo = try Repository.open(at: work.path)

        let bytes: [UInt8] = Array("binary\0data\u{ff}".utf8) + [0, 1, 2, 255]
        let oid = try repo.writeBlob(bytes)
        XCTAssertEqual(try repo.blob(oid), bytes)
        XCTAssertEqual(try repo.blobSize(oid), bytes.count)
        XCTAssertEqual(oid.hex, try git.line(["hash-object", "--stdin"], in: work, input: Data(bytes)))
        XCTAssertEqual(try git.line(["cat-file", "-t", oid.hex], in: work), "blob")
        XCTAssertEqual(try repo.writeBlob([]), Oid(hex: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"))
        XCTAssertEqual(try repo.blob(repo.writeBlob([])), [])

        let tree = try repo.commit(head).tree
        let found = try XCTUnwrap(try repo.blob(at: "queue/a.md", in: tree))
        XCTAssertEqual(found.bytes, Array("hello\n".utf8))
        XCTAssertEqual(found.oid, try rev("HEAD:queue/a.md", in: work))
        XCTAssertNil(try repo.blob(at: "queue/missing.md", in: tree))
        XCTAssertNil(try repo.blob(at: "queue", in: tree))
        XCTAssertNil(try repo.blob(at: "nope/a.md", in: tree))
    }

    func testBuildTreeCreatesNestedFoldersModifiesAndDeletes() throws {
        let work = try makeWorkTree()
        try write("queue/a.md", "a\n", in: work)
        try write("queue/b.md", "b\n", in: work)
        try write("Sources/main.swift", "print(1)\n", in: work)
        let head = try commitAll("first", in: work)
        let repo = try Repository.open(at: work.path)
        let base = try repo.commit(head).tree

        let built = try repo.buildTree(base: base, changes: [
            "queue/a.md": .write(Array("A\n".utf8)),
            "queue/b.md": .delete,
            "reviews/2024/01/r.md": .write(Array("review\n".utf8)),
            "top.md": .write(Array("top\n".utf8)),
            "never/there.md": .delete,
        ])

        // Same result as the git CLI producing the tree from a work tree.
        try write("queue/a.md", "A\n", in: work)
        try remove("queue/b.md", in: work)
        try write("reviews/2024/01/r.md", "review\n", in: work)
        try write("top.md", "top\n", in: work)
        try git.run(["add", "-A"], in: work)
        let expected = try git.line(["write-tree"], in: work)
        XCTAssertEqual(built.hex, expected)
        XCTAssertEqual(try git.line(["cat-file", "-p", "\(built.hex):reviews/2024/01/r.md"], in: work), "review")
        try assertFsckClean(work)
    }

    func testBuildTreeKeepsUntouchedSubtreeIdsAndRewritesOnlyTouchedPath() throws {
        let work = try makeWorkTree()
        try write("Sources/App/main.swift", "print(1)\n", in: work)
        try write("Sources/Lib/lib.swift", "let x = 1\n", in: work)
        try write("queue/a/1.md", "1\n", in: work)
        try write("queue/b/2.md", "2\n", in: work)
        let head = try commitAll("first", in: work)
        let repo = try Repository.open(at: work.path)
        let base = try repo.commit(head).tree

        let built = try repo.buildTree(base: base, changes: ["queue/a/3.md": .write(Array("3\n".utf8))])
        let before = try lsTree(base, in: work)
        let after = try lsTree(built, in: work)
        for path in ["Sources", "Sources/App", "Sources/Lib", "queue/b", "queue/b/2.md", "queue/a/1.md"] {
            XCTAssertEqual(after[path], before[path], path)
        }
        for path in ["queue", "queue/a"] {
            XCTAssertNotEqual(after[path], before[path], path)
        }
        XCTAssertEqual(Set(after.keys), Set(before.keys).union(["queue/a/3.md"]))
    }

    func testBuildTreeRemovesFoldersThatBecomeEmpty() throws {
        let work = try makeWorkTree()
        try write("queue/x/y/only.md", "only\n", in: work)
        try write("queue/keep.md", "keep\n", in: work)
        try write("solo/one.md", "one\n", in: work)
        let head = try commitAll("first", in: work)
        let repo = try Repository.open(at: work.path)
        let base = try repo.commit(head).tree

        let built = try repo.buildTree(base: base, changes: ["queue/x/y/only.md": .delete, "solo/one.md": .delete])
        XCTAssertEqual(try lsTree(built, in: work).keys.sorted(), ["queue", "queue/keep.md"])

        let empty = try repo.buildTree(base: built, changes: ["queue/keep.md": .delete])
        XCTAssertEqual(empty.hex, "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
        XCTAssertEqual(try git.line(["cat-file", "-t", empty.hex], in: work), "tree")
    }

    func testBuildTreeFromNothingAndUnchangedBaseKeepsId() throws {
        let repo = try Repository.initialize(at: tmp.appendingPathComponent("bare.git").path, bare: true)
        let tree = try repo.buildTree(base: nil, changes: ["a/b.md": .write(Array("b".utf8))])
        XCTAssertEqual(try repo.treeEntries(tree, under: "").map(\.path), ["a/b.md"])
        XCTAssertEqual(try repo.buildTree(base: tree, changes: [:]), tree)
        XCTAssertEqual(try repo.buildTree(base: tree, changes: ["absent.md": .delete]), tree)
    }

    func testBuildTreeRejectsInvalidPaths() throws {
        let repo = try Repository.initialize(at: tmp.appendingPathComponent("bare.git").path, bare: true)
        for path in ["../x", "/abs", ".git/config", "a//b", "", "a/./b", "a/..", "x/.GIT/hooks", "trailing/", "nul\0byte"] {
            let error = gitError { _ = try repo.buildTree(base: nil, changes: [path: .write([1])]) }
            XCTAssertEqual(error?.isInvalid, true, "path \(path.debugDescription) should be rejected")
        }
    }

    func testBuildTreeRejectsWritingOverAFolderOrBelowAFile() throws {
        let repo = try Repository.initialize(at: tmp.appendingPathComponent("bare.git").path, bare: true)
        let base = try repo.buildTree(base: nil, changes: ["dir/f.md": .write([1]), "file.md": .write([2])])
        XCTAssertEqual(gitError { _ = try repo.buildTree(base: base, changes: ["dir": .write([3])]) }?.isInvalid, true)
        XCTAssertEqual(gitError { _ = try repo.buildTree(base: base, changes: ["file.md/x": .write([3])]) }?.isInvalid, true)
        XCTAssertEqual(gitError { _ = try repo.buildTree(base: nil, changes: ["a": .write([1]), "a/b": .write([2])]) }?.isInvalid, true)
        // Deleting the file first makes room for the folder.
        let replaced = try repo.buildTree(base: base, changes: ["file.md": .delete, "file.md/x": .write([3])])
        XCTAssertEqual(try repo.treeEntries(replaced, under: "").map(\.path).sorted(), ["dir/f.md", "file.md/x"])
    }
}
