import CLibGit2
import Foundation
import XCTest
@testable import GitKit
import SeededRandom

/// The raw tree walk (`TreeReader`) against libgit2's own diff and tree walk, on seeded random
/// pairs of trees: nested folders, executables, links, submodules, files turned into folders
/// and back, moves and deletions of whole folders.
final class TreeReaderTests: GitKitTestCase {
    private indirect enum Node {
        case file(String, UInt32)
        case commit(Oid)
        case folder([String: Node])
    }


    private let names = ["queue", "reviews", "outputs", "docs", "a", "a.md", "b.md", "x", "x.md", "x-y", "deep", "README.md"]

    private func randomFolder(_ rng: inout SeededRandom, depth: Int) -> [String: Node] {
        var out: [String: Node] = [:]
        for _ in 0..<(1 + rng.below(6)) {
            let name = names[rng.below(names.count)]
            out[name] = randomNode(&rng, depth: depth)
        }
        return out
    }

    private func randomNode(_ rng: inout SeededRandom, depth: Int) -> Node {
        switch depth < 3 ? rng.below(10) : rng.below(7) {
        case 0..<4: return .file("content \(rng.below(5))\n", 0o100644)
        case 4: return .file("run \(rng.below(3))\n", 0o100755)
        case 5: return .file("target-\(rng.below(3))", 0o120000)
        case 6: return .commit(Oid(hex: String(repeating: "ab", count: 19) + String(format: "%02x", rng.below(4)))!)
        default: return .folder(randomFolder(&rng, depth: depth + 1))
        }
    }

    /// A changed copy: some entries edited, retyped, removed, added or moved.
    private func mutate(_ folder: [String: Node], _ rng: inout SeededRandom, depth: Int) -> [String: Node] {
        var out = folder
        for (name, node) in folder {
            switch rng.below(8) {
            case 0: out[name] = nil
            case 1: out[name] = randomNode(&rng, depth: depth)
            case 2:
                if case .folder(let inner) = node { out[name] = .folder(mutate(inner, &rng, depth: depth + 1)) }
            case 3:
                // A move: the same content under another name.
                out[name] = nil
                out[names[rng.below(names.count)]] = node
            default: break
            }
        }
        if rng.below(3) == 0 { out[names[rng.below(names.count)]] = randomNode(&rng, depth: depth) }
        return out
    }

    private func write(_ folder: [String: Node], in repo: Repository) throws -> Oid {
        var builder: OpaquePointer?
        XCTAssertEqual(git_treebuilder_new(&builder, repo.pointer, nil), 0)
        defer { git_treebuilder_free(builder) }
        for (name, node) in folder {
            var oid: git_oid
            var mode: git_filemode_t
            switch node {
            case .file(let text, let m):
                oid = try repo.writeBlob(Array(text.utf8)).raw
                mode = git_filemode_t(rawValue: m)
            case .commit(let target):
                oid = target.raw
                mode = GIT_FILEMODE_COMMIT
            case .folder(let inner):
                if inner.isEmpty { continue }
                oid = try write(inner, in: repo).raw
                mode = GIT_FILEMODE_TREE
            }
            XCTAssertEqual(git_treebuilder_insert(nil, builder, name, &oid, mode), 0)
        }
        var out = git_oid()
        XCTAssertEqual(git_treebuilder_write(&out, builder), 0)
        return Oid(out)
    }

    /// The prefixes as libgit2 literal paths: "queue/" is the folder's contents, "queue" also a file
    /// named queue; "" the whole tree.
    private func pathspec(_ prefixes: [String]) -> [String]? {
        if prefixes.contains(where: { Repository.folderPath($0).isEmpty }) { return nil }
        return Array(Set(prefixes.flatMap { p in
            let folder = Repository.folderPath(p)
            return p.hasSuffix("/") ? [folder + "/"] : [folder, folder + "/"]
        })).sorted()
    }

    func testRawDiffEqualsLibgit2DiffOnRandomTrees() throws {
        let repo = try Repository.initialize(at: tmp.appendingPathComponent("r.git").path, bare: true)
        var rng = SeededRandom(seed: 11)
        let prefixSets: [[String]] = [[""], ["queue/"], ["queue/", "reviews/", "outputs/"], ["a/x/"], ["absent/"], ["a", "a/deep/"]]
        var compared = 0, changed = 0
        for _ in 0..<300 {
            let before = randomFolder(&rng, depth: 0)
            let after = mutate(before, &rng, depth: 0)
            let old = try write(before, in: repo), new = try write(after, in: repo)
            for prefixes in prefixSets {
                for (from, to) in [(Optional(old), Optional(new)), (nil, Optional(new)), (Optional(old), nil)] {
                    for renames in [false, true] {
                        let raw = try TreeReader(repo).diff(from: from, to: to, under: prefixes, findRenames: renames)
                        let reference = try repo.libgit2Diff(from: from, to: to, paths: pathspec(prefixes), findRenames: renames)
                        if raw != reference {
                            let a = Set(raw.map { "\($0)" }), b = Set(reference.map { "\($0)" })
                            XCTFail("prefixes \(prefixes), renames \(renames): only raw \(a.subtracting(b).sorted()), only libgit2 \(b.subtracting(a).sorted())\(a == b ? " (order differs)" : "")")
                        }
                        compared += 1
                        if !raw.isEmpty { changed += 1 }
                    }
                }
            }
            for prefix in ["", "queue", "a/x/", "absent"] {
                XCTAssertEqual(try repo.treeEntries(new, under: prefix), try repo.treeEntriesThroughLibgit2(new, under: prefix))
            }
        }
        XCTAssertGreaterThan(changed, compared / 5, "many comparisons should see changes")
    }

    /// Many paths looked up at once, against libgit2's own lookup of each (`Repository.entry(at:in:)`):
    /// present and absent files, folders, links, submodules, paths through a file, the same path twice.
    func testManyPathsAtOnceEqualEachLookedUpAlone() throws {
        let repo = try Repository.initialize(at: tmp.appendingPathComponent("r.git").path, bare: true)
        var rng = SeededRandom(seed: 15)
        var found = 0
        for _ in 0..<200 {
            let tree = try write(randomFolder(&rng, depth: 0), in: repo)
            var paths: [String] = []
            for _ in 0..<(1 + rng.below(12)) {
                paths.append((0..<(1 + rng.below(4))).map { _ in names[rng.below(names.count)] }.joined(separator: "/"))
            }
            paths.append(paths[0])
            let together = try TreeReader(repo).entries(at: paths, in: tree)
            for path in paths {
                let alone = try repo.entry(at: path, in: tree)
                XCTAssertEqual(together[path]?.oid, alone?.oid, path)
                XCTAssertEqual(together[path]?.mode, alone?.mode, path)
                if alone != nil { found += 1 }
            }
            XCTAssertEqual(Set(together.keys), Set(try paths.filter { try repo.entry(at: $0, in: tree) != nil }))
        }
        XCTAssertGreaterThan(found, 100, "many of the paths exist")
    }

    func testAReaderKeepsTreesWithinItsBudget() throws {
        let repo = try Repository.initialize(at: tmp.appendingPathComponent("r.git").path, bare: true)
        var files: [String: TreeChange] = [:]
        for i in 0..<200 { files["queue/T-\(i).md"] = .write(Array("\(i)\n".utf8)) }
        let first = try repo.buildTree(base: nil, changes: files)
        let second = try repo.buildTree(base: first, changes: ["queue/T-0.md": .write(Array("changed\n".utf8))])
        let reader = try TreeReader(repo, budget: 1)
        XCTAssertEqual(try reader.changes(from: first, to: second, under: ["queue/"]).map(\.path), ["queue/T-0.md"])
        XCTAssertEqual(try reader.changes(from: second, to: first, under: ["queue/"]).map(\.path), ["queue/T-0.md"])
    }

    func testAMalformedTreeIsAnErrorNotAShortListing() throws {
        let repo = try Repository.initialize(at: tmp.appendingPathComponent("r.git").path, bare: true)
        var odb: OpaquePointer?
        XCTAssertEqual(git_repository_odb(&odb, repo.pointer), 0)
        defer { git_odb_free(odb) }
        var oid = git_oid()
        let garbage = Array("100644 name-without-id".utf8)
        XCTAssertEqual(garbage.withUnsafeBytes { git_odb_write(&oid, odb, $0.baseAddress, $0.count, GIT_OBJECT_TREE) }, 0)
        XCTAssertThrowsError(try repo.treeEntries(Oid(oid), under: ""))
    }
}
