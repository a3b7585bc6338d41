import Foundation
import XCTest
@testable import GitKit

final class HistoryTests: GitKitTestCase {
    func testCommitReadsTreeParentsMessageAndSignatures() throws {
        let work = try makeWorkTree()
        try write("a.txt", "a\n", in: work)
        let first = try commitAll("first", in: work)
        git.date = "1700000100 +0130"
        try write("a.txt", "b\n", in: work)
        let second = try commitAll("second line\n\nbody text", in: work)

        let repo = try Repository.open(at: work.path)
        let info = try repo.commit(second)
        XCTAssertEqual(info.oid, second)
        XCTAssertEqual(info.parents, [first])
        XCTAssertEqual(info.tree, try rev("HEAD^{tree}", in: work))
        XCTAssertEqual(info.message, "second line\n\nbody text\n")
        XCTAssertEqual(info.author, Signature(name: "Fixture Author", email: "author@example.com",
                                              time: Date(timeIntervalSince1970: 1_700_000_100), offsetMinutes: 90))
        XCTAssertEqual(info.committer.name, "Fixture Committer")
        XCTAssertEqual(info.committer.email, "committer@example.com")
        XCTAssertEqual(try repo.commit(first).parents, [])
    }

    func testCommitOfMissingObjectIsNotFound() throws {
        let work = try makeWorkTree()
        try commitAll("first", in: work)
        let repo = try Repository.open(at: work.path)
        let error = gitError { _ = try repo.commit(Oid(hex: String(repeating: "12", count: 20))!) }
        XCTAssertEqual(error?.isNotFound, true)
    }

    /// main: A - B - M - D, where M merges side: A - S1 - S2.
    private func mergeHistory() throws -> (work: URL, a: Oid, b: Oid, s1: Oid, s2: Oid, m: Oid, d: Oid) {
        let work = try makeWorkTree()
        try write("a.txt", "a\n", in: work)
        let a = try commitAll("A", in: work)
        try git.run(["checkout", "-q", "-b", "side"], in: work)
        try write("s.txt", "1\n", in: work)
        let s1 = try commitAll("S1", in: work)
        try write("s.txt", "2\n", in: work)
        let s2 = try commitAll("S2", in: work)
        try git.run(["checkout", "-q", "main"], in: work)
        try write("b.txt", "b\n", in: work)
        let b = try commitAll("B", in: work)
        try git.run(["merge", "-q", "--no-ff", "-m", "M", "side"], in: work)
        let m = try rev("HEAD", in: work)
        try write("d.txt", "d\n", in: work)
        let d = try commitAll("D", in: work)
        return (work, a, b, s1, s2, m, d)
    }

    func testFirstParentHistoryFollowsOnlyFirstParents() throws {
        let h = try mergeHistory()
        let repo = try Repository.open(at: h.work.path)
        let walked = try repo.firstParentHistory(from: h.d, stopAt: { _ in false })
        XCTAssertEqual(walked.map(\.oid), [h.d, h.m, h.b, h.a])
        XCTAssertEqual(walked[1].parents, [h.b, h.s2])
        // The oracle agrees.
        let oracle = try git.run(["rev-list", "--first-parent", h.d.hex], in: h.work)
            .split(separator: "\n").map { Oid(hex: String($0))! }
        XCTAssertEqual(walked.map(\.oid), oracle)
    }

    func testFirstParentHistoryStopsBeforeTheStopCommitAndHonoursLimit() throws {
        let h = try mergeHistory()
        let repo = try Repository.open(at: h.work.path)
        let untilB = try repo.firstParentHistory(from: h.d, stopAt: { $0.oid == h.b })
        XCTAssertEqual(untilB.map(\.oid), [h.d, h.m])
        let byMessage = try repo.firstParentHistory(from: h.d, stopAt: { $0.message.hasPrefix("A") })
        XCTAssertEqual(byMessage.map(\.oid), [h.d, h.m, h.b])
        let limited = try repo.firstParentHistory(from: h.d, stopAt: { _ in false }, limit: 2)
        XCTAssertEqual(limited.map(\.oid), [h.d, h.m])
        XCTAssertEqual(try repo.firstParentHistory(from: h.d, stopAt: { _ in true }), [])
        XCTAssertEqual(try repo.firstParentHistory(from: h.d, stopAt: { _ in false }, limit: 0), [])
    }

    func testIsAncestor() throws {
        let h = try mergeHistory()
        let repo = try Repository.open(at: h.work.path)
        XCTAssertTrue(try repo.isAncestor(h.a, of: h.d))
        XCTAssertTrue(try repo.isAncestor(h.s1, of: h.d))  // through the second parent
        XCTAssertTrue(try repo.isAncestor(h.d, of: h.d))
        XCTAssertFalse(try repo.isAncestor(h.d, of: h.a))
        XCTAssertFalse(try repo.isAncestor(h.b, of: h.s2))
        XCTAssertFalse(try repo.isAncestor(h.s2, of: h.b))
    }
}
