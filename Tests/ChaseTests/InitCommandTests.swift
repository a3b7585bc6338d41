import Chase
import ChaseCore
import Foundation
import XCTest

/// `chase init` through the built binary: what it writes into a work tree, what it keeps, and what
/// it refuses.
final class InitCommandTests: XCTestCase {
    private func initialise(_ repo: TestRepo, _ extra: [String] = []) throws -> ChaseBinary.Result {
        try ChaseBinary.run(["init", "--repo", repo.path] + extra)
    }

    private func file(_ repo: TestRepo, _ path: String) -> String? {
        try? String(contentsOfFile: repo.path + "/" + path, encoding: .utf8)
    }

    func testWritesTheDefaultConfigFoldersCodeownersAndWorkflows() throws {
        let repo = try TestRepo()
        let result = try initialise(repo)
        XCTAssertEqual(result.status, 0, result.stderr)
        let config = try XCTUnwrap(file(repo, ".chase/config.yml"))
        XCTAssertEqual(try ConfigReader.read(Array(config.utf8), over: Config.default), .default)
        XCTAssertTrue(config.contains("\n# Who gets a new task"), "commented")
        XCTAssertTrue(config.hasPrefix("# yaml-language-server: $schema=https://raw.githubusercontent.com/your-org/chase/"
            + "0000000000000000000000000000000000000000/schemas/config.schema.json\n"), config)
        for folder in ["queue", "reviews", "outputs"] { XCTAssertEqual(file(repo, "\(folder)/.gitkeep"), "") }
        let owners = try XCTUnwrap(file(repo, ".github/CODEOWNERS"))
        XCTAssertTrue(owners.hasSuffix("\n/queue/ @your-org/maintainers\n/reviews/ @your-org/maintainers\n/.chase/ @your-org/maintainers\n"
            + "/.github/ @your-org/maintainers\n"), owners)
        for (path, text) in WorkflowTemplates.files(source: .placeholder) { XCTAssertEqual(file(repo, path), text, path) }
        XCTAssertTrue(try XCTUnwrap(file(repo, ".github/workflows/tick.yml"))
            .contains("uses: your-org/chase/.github/workflows/chase-tick.yml@0000000000000000000000000000000000000000 # v1.0.0\n"))
        let mcp = try XCTUnwrap(file(repo, ".chase/mcp/agent-02.json"))
        let servers = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(mcp.utf8)) as? [String: Any])?["mcpServers"] as? [String: Any])
        XCTAssertEqual((servers["chase"] as? [String: Any])?["args"] as? [String], ["mcp", "--agent", "2"])
        let expected = [".chase/config.yml", ".github/CODEOWNERS"] + (0...9).map { ".chase/mcp/agent-0\($0).json" }
            + WorkflowTemplates.files(source: .placeholder).map(\.path)
            + ["queue/.gitkeep", "reviews/.gitkeep", "outputs/.gitkeep"]
        XCTAssertEqual(result.stdout.split(separator: "\n").dropLast(3).map(String.init), expected.map { "wrote    \($0)" })
        XCTAssertTrue(result.stdout.contains("next: pin Chase's release in .github/workflows/"), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix("git commit -m 'Set up chase'\n"), result.stdout)
        // Nothing is committed: the person reads the files first.
        XCTAssertNil(repo.revOrNil("HEAD"))
    }

    /// The release and the owners as options: the workflows pin that commit, CODEOWNERS names them.
    func testPinsTheReleaseAndNamesTheOwnersGiven() throws {
        let repo = try TestRepo()
        let result = try initialise(repo, ["--chase", "octo-org/chase@0123456789abcdef0123456789abcdef01234567", "--chase-version", "v1.2.0",
                                           "--owner", "@lead", "--owner", "@octo-org/editors"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(try XCTUnwrap(file(repo, ".github/workflows/agents.yml"))
            .contains("    uses: octo-org/chase/.github/workflows/chase-agents.yml@0123456789abcdef0123456789abcdef01234567 # v1.2.0\n"))
        XCTAssertTrue(try XCTUnwrap(file(repo, ".github/CODEOWNERS")).contains("\n/.github/ @lead @octo-org/editors\n"))
        XCTAssertFalse(result.stdout.contains("next: pin"), result.stdout)

        for bad in [["--chase", "octo-org/chase@v1.2.0"], ["--chase", "octo-org/chase@main"], ["--owner", "lead"], ["--owner", "@a b"]] {
            let other = try TestRepo()
            let refused = try initialise(other, bad)
            XCTAssertEqual(refused.status, 1, bad.joined(separator: " "))
            XCTAssertTrue(refused.stderr.hasPrefix("chase: "), refused.stderr)
            XCTAssertNil(file(other, ".chase/config.yml"), "nothing written")
        }
    }

    func testKeepsWhatExistsUnlessForced() throws {
        let repo = try TestRepo()
        try repo.write(".chase/config.yml", "rules:\n  routing: false\n")
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1"))
        let kept = try initialise(repo, ["--json"])
        XCTAssertEqual(kept.status, 0, kept.stderr)
        let report = try JSONDecoder().decode(RepositorySetup.Report.self, from: Data(kept.stdout.utf8))
        XCTAssertEqual(report.entries.first, .init(path: ".chase/config.yml", action: .skipped, reason: "exists; --force replaces it"))
        XCTAssertTrue(report.entries.contains(.init(path: "queue/", action: .skipped, reason: "has files already; needs no .gitkeep")))
        XCTAssertTrue(report.entries.contains(.init(path: "reviews/.gitkeep", action: .wrote)))
        XCTAssertEqual(file(repo, ".chase/config.yml"), "rules:\n  routing: false\n")
        XCTAssertNil(file(repo, "queue/.gitkeep"))

        let again = try initialise(repo)
        XCTAssertTrue(again.stdout.hasSuffix("nothing written: everything is in place (--force replaces the files)\n"), again.stdout)

        let forced = try initialise(repo, ["--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertTrue(forced.stdout.hasPrefix("replaced .chase/config.yml\n"), forced.stdout)
        XCTAssertEqual(file(repo, ".chase/config.yml"), RepositorySetup.configText(.placeholder))
        XCTAssertTrue(try repo.read("queue/CONTENT-1.md").hasPrefix("---\nid: CONTENT-1\n"), "a task is never touched")
    }

    func testABareRepositoryIsRefused() throws {
        let repo = try TestRepo(bare: true)
        let result = try initialise(repo)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1)
        XCTAssertTrue(result.stderr.hasPrefix("chase: \(repo.path) is a bare repository; chase init writes files for people to review"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/.chase"))
    }

    func testAFolderThatIsNoRepositoryIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chase-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ChaseBinary.run(["init", "--repo", dir.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "chase: \(dir.path) is not a git repository (its top folder); run git init there first, or pass --repo\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
    }

    func testALinkOutOfTheRepositoryIsRefusedBeforeAnythingIsWritten() throws {
        let repo = try TestRepo()
        let outside = repo.root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/.github", withDestinationPath: outside.path)
        let result = try initialise(repo)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "chase: .github is a symbolic link; chase init writes nothing through it (nothing was written)\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/.chase"), "nothing half done")
    }

    func testAFileWhereAFolderBelongsIsRefused() throws {
        let repo = try TestRepo()
        try repo.write("reviews", "not a folder\n")
        let result = try initialise(repo)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "chase: reviews is a file where chase init needs a folder; move it away (nothing was written)\n")
        XCTAssertEqual(file(repo, "reviews"), "not a folder\n")
    }
}
