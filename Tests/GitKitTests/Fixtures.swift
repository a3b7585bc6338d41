import Foundation
import XCTest
@testable import GitKit

/// Base class for GitKit tests: a fresh temporary folder per test, a git CLI oracle
/// isolated inside it, and small helpers to build real repositories.
class GitKitTestCase: XCTestCase {
    var tmp: URL!
    var git: GitCLI!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("gitkit-\(UUID().uuidString)")
        let home = tmp.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        git = GitCLI(home: home)
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    /// A new non-bare repository created by the git CLI.
    func makeWorkTree(_ name: String = "work") throws -> URL {
        let url = tmp.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try git.run(["init", "-q"], in: url)
        return url
    }

    /// Writes a file (creating folders) inside a work tree.
    func write(_ path: String, _ content: String, in repo: URL) throws {
        let file = repo.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: file)
    }

    func remove(_ path: String, in repo: URL) throws {
        try FileManager.default.removeItem(at: repo.appendingPathComponent(path))
    }

    func read(_ path: String, in repo: URL) throws -> String {
        String(decoding: try Data(contentsOf: repo.appendingPathComponent(path)), as: UTF8.self)
    }

    /// Stages everything and commits it; returns the new HEAD.
    @discardableResult
    func commitAll(_ message: String, in repo: URL) throws -> Oid {
        try git.run(["add", "-A"], in: repo)
        try git.run(["commit", "-q", "--allow-empty", "-m", message], in: repo)
        return try rev("HEAD", in: repo)
    }

    func rev(_ spec: String, in repo: URL) throws -> Oid {
        let hex = try git.line(["rev-parse", spec], in: repo)
        return try XCTUnwrap(Oid(hex: hex), "rev-parse \(spec) gave \(hex)")
    }

    /// Asserts `git fsck --full --strict` finds nothing wrong.
    func assertFsckClean(_ repo: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let output = try git.run(["fsck", "--full", "--strict", "--no-dangling"], in: repo)
        XCTAssertEqual(output.trimmingCharacters(in: .whitespacesAndNewlines), "", file: file, line: line)
    }

    /// Asserts `body` throws a `GitError` and returns it.
    func gitError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> GitError? {
        do {
            try body()
            XCTFail("expected a GitError, got success", file: file, line: line)
            return nil
        } catch let error as GitError {
            return error
        } catch {
            XCTFail("expected a GitError, got \(error)", file: file, line: line)
            return nil
        }
    }
}
