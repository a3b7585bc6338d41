@testable import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest

/// A folder read afresh is read and parsed by several workers (`ParseCache.parsedAll`): the same
/// answers, in the same order, as one file at a time, whatever the files hold; a failed read is an
/// error, never a hole.
final class ParallelReadTests: XCTestCase {
    private func entries(_ repo: TestRepo) throws -> (Repository, [TreeEntry]) {
        let git = try Repository.open(at: repo.path)
        let tree = try git.commit(try XCTUnwrap(git.referenceTarget("refs/heads/main"))).tree
        return (git, try git.treeEntries(tree, under: "queue/") + git.treeEntries(tree, under: "reviews/"))
    }

    func testWorkersGiveWhatOneFileAtATimeGives() throws {
        let repo = try TestRepo()
        for i in 0..<900 {
            let id = "CONTENT-\(i)"
            switch i % 9 {
            case 0: try repo.write("queue/\(id).md", "---\nid: \(id)\ntitle: [unclosed\n---\n")
            case 1: try repo.write("queue/\(id).md", bytes: [0xEF, 0xBB, 0xBF] + Array(TaskText.make(id).utf8))
            case 2: try repo.write("queue/\(id).md", TaskText.make(id).replacingOccurrences(of: "\n", with: "\r\n"))
            case 3: try repo.write("queue/\(id).md", bytes: Array("---\nid: \(id)\ntitle: caf".utf8) + [0xE9, 0x0A] + Array("---\n".utf8))
            case 4: try repo.write("reviews/\(id).cultural.md", ReviewText.make(id, type: "cultural", reviewer: 9))
            case 5: try repo.write("queue/old/\(id).md", TaskText.make(id, assignee: 2))
            default: try repo.write("queue/\(id).md", TaskText.make(id, status: i % 2 == 0 ? "pending" : "in_progress", assignee: i % 10))
            }
        }
        // Too large to read, and a link where a file would be.
        try repo.write("queue/HUGE-1.md", String(repeating: "x", count: FrontMatterLimits.default.maxFileBytes + 1))
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/queue/LINK-1.md", withDestinationPath: "CONTENT-7.md")
        try repo.commit("A large queue")
        let (git, files) = try entries(repo)
        XCTAssertGreaterThan(files.count, 3 * ParseCache.filesPerWorker, "enough files for three workers")

        let one = ParseCache()
        let alone = try files.map { try one.parsed(path: $0.path, oid: $0.oid, mode: $0.mode, in: git, remember: false) }
        for workers in [1, 2, 3] {
            let cache = ParseCache()
            XCTAssertEqual(try cache.parsedAll(files, in: git, workers: workers), alone, "\(workers) workers")
            XCTAssertEqual(cache.misses, files.count)
        }
        // The answers cover every kind: tasks, reviews, invalid files, the large one, the link.
        XCTAssertTrue(alone.contains { if case .task = $0 { true } else { false } })
        XCTAssertTrue(alone.contains { if case .review = $0 { true } else { false } })
        XCTAssertGreaterThan(alone.filter { if case .invalid = $0 { true } else { false } }.count, 200)
    }

    func testAMissingObjectIsAnErrorFromEveryWorker() throws {
        let repo = try TestRepo()
        for i in 0..<600 { try repo.write("queue/CONTENT-\(i).md", TaskText.make("CONTENT-\(i)")) }
        try repo.commit("Queue")
        let (git, files) = try entries(repo)
        // One blob gone from the object database (loose objects: a file each).
        let hex = files[450].oid.hex
        try FileManager.default.removeItem(atPath: "\(repo.path)/.git/objects/\(hex.prefix(2))/\(hex.dropFirst(2))")
        XCTAssertThrowsError(try ParseCache().parsedAll(files, in: git, workers: 2)) { error in
            XCTAssertTrue("\(error)".contains(hex), "\(error)")
        }
    }
}
