import Foundation
import XCTest
@testable import GitKit

final class RepositoryTests: GitKitTestCase {
    func testOpenWorkTreeReportsWorkdirAndGitDir() throws {
        let work = try makeWorkTree()
        try write("a.txt", "a\n", in: work)
        try commitAll("first", in: work)

        let repo = try Repository.open(at: work.path)
        XCTAssertFalse(repo.isBare)
        XCTAssertFalse(repo.isShallow)
        let realWork = work.resolvingSymlinksInPath().path
        XCTAssertEqual(repo.workdir.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }, realWork)
        XCTAssertEqual(URL(fileURLWithPath: repo.gitDir).resolvingSymlinksInPath().path, realWork + "/.git")
        XCTAssertFalse(repo.gitDir.hasSuffix("/"))
        XCTAssertFalse(repo.workdir!.hasSuffix("/"))
    }

    func testOpenBareRepository() throws {
        let work = try makeWorkTree()
        try write("a.txt", "a\n", in: work)
        let head = try commitAll("first", in: work)
        let bare = tmp.appendingPathComponent("bare.git")
        try git.run(["clone", "-q", "--bare", work.path, bare.path], in: tmp)

        let repo = try Repository.open(at: bare.path)
        XCTAssertTrue(repo.isBare)
        XCTAssertNil(repo.workdir)
        XCTAssertEqual(URL(fileURLWithPath: repo.gitDir).resolvingSymlinksInPath().path,
                       bare.resolvingSymlinksInPath().path)
        XCTAssertEqual(try repo.referenceTarget("refs/heads/main"), head)
    }

    func testOpenNonRepositoryThrowsLibgit2Message() throws {
        let plain = tmp.appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        let error = gitError { _ = try Repository.open(at: plain.path) }
        XCTAssertEqual(error?.isNotFound, true)
        XCTAssertTrue(error?.message.contains("could not find repository") == true, error?.message ?? "")
        XCTAssertTrue(error?.description.hasPrefix("git: open repository") == true, error?.description ?? "")
    }

    func testOpenDoesNotSearchParentFolders() throws {
        let work = try makeWorkTree()
        try write("sub/a.txt", "a\n", in: work)
        try commitAll("first", in: work)
        let error = gitError { _ = try Repository.open(at: work.appendingPathComponent("sub").path) }
        XCTAssertEqual(error?.isNotFound, true)
    }

    func testInitializeBareSetsUnbornInitialBranchThatGitAgreesWith() throws {
        let path = tmp.appendingPathComponent("new/deeper/repo.git")
        let repo = try Repository.initialize(at: path.path, bare: true, initialBranch: "trunk")
        XCTAssertTrue(repo.isBare)
        XCTAssertEqual(try repo.headBranch(), "trunk")
        XCTAssertNil(try repo.referenceTarget("HEAD"))
        XCTAssertNil(try repo.referenceTarget("refs/heads/trunk"))
        XCTAssertEqual(try git.line(["symbolic-ref", "HEAD"], in: path), "refs/heads/trunk")
        XCTAssertEqual(try git.line(["rev-parse", "--is-bare-repository"], in: path), "true")
    }

    func testInitializeNonBareDefaultsToMain() throws {
        let path = tmp.appendingPathComponent("fresh")
        let repo = try Repository.initialize(at: path.path, bare: false)
        XCTAssertFalse(repo.isBare)
        XCTAssertEqual(try repo.headBranch(), "main")
        XCTAssertEqual(try git.line(["rev-parse", "--is-inside-work-tree"], in: path), "true")
    }

    func testReferenceTargetResolvesBranchesSymbolicHeadAndNilWhenAbsent() throws {
        let work = try makeWorkTree()
        try write("a.txt", "a\n", in: work)
        let first = try commitAll("first", in: work)
        try git.run(["branch", "side"], in: work)
        try write("a.txt", "b\n", in: work)
        let second = try commitAll("second", in: work)

        let repo = try Repository.open(at: work.path)
        XCTAssertEqual(try repo.referenceTarget("refs/heads/main"), second)
        XCTAssertEqual(try repo.referenceTarget("HEAD"), second)
        XCTAssertEqual(try repo.referenceTarget("refs/heads/side"), first)
        XCTAssertNil(try repo.referenceTarget("refs/heads/nope"))
        XCTAssertNil(try repo.referenceTarget("refs/chase/processed/main"))
        XCTAssertEqual(try repo.headBranch(), "main")
    }

    func testReferenceTargetReadsPackedRefs() throws {
        let work = try makeWorkTree()
        let head = try commitAll("first", in: work)
        try git.run(["pack-refs", "--all"], in: work)
        let repo = try Repository.open(at: work.path)
        XCTAssertEqual(try repo.referenceTarget("refs/heads/main"), head)
    }

    func testHeadBranchIsNilWhenDetached() throws {
        let work = try makeWorkTree()
        let head = try commitAll("first", in: work)
        try git.run(["checkout", "-q", "--detach", head.hex], in: work)
        let repo = try Repository.open(at: work.path)
        XCTAssertNil(try repo.headBranch())
        XCTAssertEqual(try repo.referenceTarget("HEAD"), head)
    }

    func testIsCheckedOutOnlyForTheWorkTreesBranch() throws {
        let work = try makeWorkTree()
        let head = try commitAll("first", in: work)
        try git.run(["branch", "side"], in: work)
        let repo = try Repository.open(at: work.path)
        XCTAssertTrue(repo.isCheckedOut("main"))
        XCTAssertFalse(repo.isCheckedOut("side"))
        try git.run(["checkout", "-q", "--detach", head.hex], in: work)
        XCTAssertFalse(repo.isCheckedOut("main"))
        let bare = try Repository.initialize(at: tmp.appendingPathComponent("bare.git").path, bare: true, initialBranch: "main")
        XCTAssertFalse(bare.isCheckedOut("main"), "a bare repository has no work tree")
    }

    func testShallowCloneIsShallowAndHistoryPastTheEdgeThrowsNotFound() throws {
        let work = try makeWorkTree()
        try write("a.txt", "1\n", in: work)
        try commitAll("one", in: work)
        try write("a.txt", "2\n", in: work)
        try commitAll("two", in: work)
        try write("a.txt", "3\n", in: work)
        let head = try commitAll("three", in: work)
        let clone = tmp.appendingPathComponent("shallow")
        try git.run(["clone", "-q", "--depth", "1", "file://" + work.path, clone.path], in: tmp)

        let repo = try Repository.open(at: clone.path)
        XCTAssertTrue(repo.isShallow)
        let info = try repo.commit(head)
        XCTAssertEqual(info.parents.count, 1)
        XCTAssertFalse(repo.objectExists(info.parents[0]))

        // Within the available history the walk works...
        let one = try repo.firstParentHistory(from: head, stopAt: { _ in false }, limit: 1)
        XCTAssertEqual(one.map(\.oid), [head])
        // ...and past the edge it reports a missing object instead of crashing.
        let error = gitError { _ = try repo.firstParentHistory(from: head, stopAt: { _ in false }) }
        XCTAssertEqual(error?.isNotFound, true, error?.description ?? "")
    }

    func testObjectExists() throws {
        let work = try makeWorkTree()
        let head = try commitAll("first", in: work)
        let repo = try Repository.open(at: work.path)
        XCTAssertTrue(repo.objectExists(head))
        XCTAssertFalse(repo.objectExists(Oid(hex: String(repeating: "ab", count: 20))!))
    }

    func testOidParsesAndPrintsHex() {
        let hex = "0123456789abcdef0123456789ABCDEF01234567"
        let oid = Oid(hex: hex)
        XCTAssertEqual(oid?.hex, hex.lowercased())
        XCTAssertEqual(oid?.description, hex.lowercased())
        XCTAssertEqual(oid, Oid(hex: hex.lowercased()))
        XCTAssertNil(Oid(hex: "0123"))
        XCTAssertNil(Oid(hex: String(repeating: "g", count: 40)))
        XCTAssertEqual(Oid.zero.hex, String(repeating: "0", count: 40))
        XCTAssertTrue(Oid.zero.isZero)
    }

    func testLibgit2VersionIsReported() {
        XCTAssertTrue(LibGit2.version.hasPrefix("1."))
        // Module-qualified names stay usable.
        XCTAssertEqual(GitKit.Oid.zero, Oid.zero)
    }
}
