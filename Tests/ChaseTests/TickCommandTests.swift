import Foundation
import XCTest

/// `chase tick` through the built binary, as a user and a workflow run it.
final class TickCommandTests: XCTestCase {
    private func seeded() throws -> TestRepo {
        let repo = try TestRepo()
        try repo.write("queue/CONTENT-11.md", TaskText.make("CONTENT-11", contentType: "discord"))
        try repo.commit("Add a task")
        return repo
    }

    func testJSONReportThenNothingChanged() throws {
        let repo = try seeded()
        let first = try ChaseBinary.run(["tick", "--repo", repo.path, "--now", "2026-01-09T10:00:00Z", "--json"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(report?["writes"] as? [String], ["queue/CONTENT-11.md"])
        XCTAssertEqual(report?["mode"] as? String, "first-run", "the typed mode keeps its JSON spelling")
        XCTAssertEqual((report?["commit"] as? String)?.count, 40)
        XCTAssertEqual(report?["commit"] as? String, try repo.rev("main"))

        let second = try ChaseBinary.run(["tick", "--now", "2026-01-09T10:05:00Z"], in: repo.path)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.hasSuffix("nothing changed\n"), second.stdout)
    }

    func testBadNowIsAOneLineErrorAndNonZeroExit() throws {
        let repo = try seeded()
        let result = try ChaseBinary.run(["tick", "--repo", repo.path, "--now", "next tuesday"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "chase: The value 'next tuesday' is invalid for '--now <ISO8601>'\n")
        XCTAssertNil(repo.revOrNil("refs/chase/processed/main"))
    }

    func testNotARepositoryIsAOneLineError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chase-not-a-repo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ChaseBinary.run(["tick", "--repo", dir.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("chase: "), result.stderr)
    }

    func testDirtyWorkTreeExitsNonZeroWithTheFileNamed() throws {
        let repo = try seeded()
        try repo.write("queue/CONTENT-11.md", TaskText.make("CONTENT-11", contentType: "discord") + "draft\n")
        let result = try ChaseBinary.run(["tick", "--repo", repo.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("uncommitted changes to queue/CONTENT-11.md"), result.stderr)
    }

    func testDryRunPrintsThePlan() throws {
        let repo = try seeded()
        let head = try repo.rev("main")
        let result = try ChaseBinary.run(["tick", "--repo", repo.path, "--dry-run"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("dry run: would commit 1 file:\n  queue/CONTENT-11.md"), result.stdout)
        XCTAssertEqual(try repo.rev("main"), head)
    }

    /// libgit2 1.5 refuses a checkout owned by another user (CI containers); the bot says why and
    /// how to allow it, in one line, instead of libgit2's puzzling "config value not found".
    func testRepositoryOwnedByAnotherUserIsExplained() throws {
        guard getuid() == 0 else { throw XCTSkip("needs root to give the repository to another user") }
        let repo = try seeded()
        let chown = Process()
        chown.executableURL = URL(fileURLWithPath: "/bin/chown")
        chown.arguments = ["-R", "65534", repo.path]
        try chown.run()
        chown.waitUntilExit()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("chase-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try ChaseBinary.run(["tick", "--repo", repo.path], env: ["HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("belongs to another user"), result.stderr)
        XCTAssertTrue(result.stderr.contains("safe.directory"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1)
    }
}
