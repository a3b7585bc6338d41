import CLibGit2
import Foundation
import XCTest
@testable import GitKit

/// libgit2's codes and classes by name, the operation carried with each failure, and libgit2's
/// thread-local error cleared once it is read.
final class GitErrorTests: GitKitTestCase {
    func testCodesAndClassesHaveLibgit2sNumbers() {
        XCTAssertEqual(GitError.Code(rawValue: -36), .owner)
        XCTAssertEqual(GitError.Code(rawValue: -3), .notFound)
        XCTAssertEqual(GitError.Code(rawValue: -15), .modified)
        XCTAssertEqual(GitError.Code.owner.rawValue, GIT_EOWNER.rawValue)
        XCTAssertEqual(GitError.Code.locked.rawValue, GIT_ELOCKED.rawValue)
        XCTAssertEqual(GitError.Code(rawValue: -999), .other(-999))
        XCTAssertEqual(GitError.Code.other(-999).rawValue, -999)
        XCTAssertEqual(GitError.Class(rawValue: Int32(GIT_ERROR_REFERENCE.rawValue)), .reference)
        XCTAssertEqual(GitError.Class(rawValue: Int32(GIT_ERROR_INTERNAL.rawValue)), .internal)
        XCTAssertEqual(GitError.Class.checkout.rawValue, Int32(GIT_ERROR_CHECKOUT.rawValue))
        XCTAssertEqual(GitError.Class(rawValue: 500), .other(500))
        for raw in Int32(-40)...0 { XCTAssertEqual(GitError.Code(rawValue: raw).rawValue, raw) }
        for raw in Int32(0)...40 { XCTAssertEqual(GitError.Class(rawValue: raw).rawValue, raw) }
    }

    func testAFailureCarriesCodeClassMessageAndOperation() throws {
        let work = try makeWorkTree()
        try write("a.txt", "a\n", in: work)
        let head = try commitAll("first", in: work)
        let repo = try Repository.open(at: work.path)
        let error = gitError { try repo.updateReference("refs/heads/main", to: head, expected: nil, message: "test") }
        XCTAssertEqual(error?.code, .exists, error?.description ?? "")
        XCTAssertEqual(error?.errorClass, .reference)
        XCTAssertEqual(error?.isConflict, true)
        XCTAssertFalse(error?.message.isEmpty ?? true)
        XCTAssertTrue(error?.operation.contains("refs/heads/main") == true, error?.operation ?? "")
    }

    func testLibgit2sErrorIsClearedOnceRead() throws {
        let plain = tmp.appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        XCTAssertNotNil(gitError { _ = try Repository.open(at: plain.path) })
        XCTAssertNil(git_error_last(), "a failure read into a GitError leaves nothing behind")

        let work = try makeWorkTree()
        try write("a.txt", "a\n", in: work)
        try commitAll("first", in: work)
        let repo = try Repository.open(at: work.path)
        XCTAssertNil(try repo.referenceTarget("refs/heads/no-such-branch"))
        XCTAssertNil(git_error_last(), "an answer the caller expected (no such reference) leaves nothing behind")
    }
}
