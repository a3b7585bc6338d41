import Chase
import ChaseCore
import Foundation
import XCTest

/// The one way out of the binary: each exit status the README documents, and every error — from the
/// engine, from the argument parser, or unexpected — as one line `chase: <reason>`.
final class ExitStatusTests: XCTestCase {
    private func seeded() throws -> TestRepo {
        let repo = try TestRepo()
        try repo.write("queue/CONTENT-11.md", TaskText.make("CONTENT-11", contentType: "discord"))
        try repo.commit("Add a task")
        return repo
    }

    /// Exactly one line on standard error, `chase: ` and a reason, and none of ArgumentParser's own framing.
    private func assertOneChaseLine(_ stderr: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(stderr.hasPrefix("chase: "), stderr, file: file, line: line)
        XCTAssertTrue(stderr.hasSuffix("\n"), stderr, file: file, line: line)
        XCTAssertEqual(stderr.filter { $0 == "\n" }.count, 1, stderr, file: file, line: line)
        XCTAssertFalse(stderr.contains("Error:") || stderr.contains("Usage:"), stderr, file: file, line: line)
    }

    func testVersionPrintsTheEnginesVersionAndExitsZero() throws {
        let result = try ChaseBinary.run(["--version"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, ChaseVersion.current + "\n")
        XCTAssertEqual(result.stderr, "")
    }

    func testAnEngineErrorExitsOneWithOneLine() throws {
        let repo = try TestRepo(bare: true)
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops"))
        try repo.commit("One task")
        let result = try ChaseBinary.run(["new", "task", "--type", "ops", "--title", "x", "--repo", repo.path])
        XCTAssertEqual(result.status, 1)
        assertOneChaseLine(result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix("is a bare repository; chase new writes a file into a work tree\n"), result.stderr)
    }

    func testParserErrorsExitOneWithOneChaseLine() throws {
        let repo = try seeded()
        for args in [
            ["tick", "--no-such-flag"],                     // an unknown option
            ["next"],                                       // a missing option
            ["next", "--agent", "two"],                     // a value of the wrong kind
            ["status", "--watch", "--json"],                // a command's own validation
            ["no-such-command"],
        ] {
            let result = try ChaseBinary.run(args + ["--repo", repo.path])
            XCTAssertEqual(result.status, 1, args.joined(separator: " "))
            assertOneChaseLine(result.stderr)
            XCTAssertEqual(result.stdout, "", args.joined(separator: " "))
        }
        let watch = try ChaseBinary.run(["status", "--watch", "--json", "--repo", repo.path])
        XCTAssertEqual(watch.stderr, "chase: --watch draws for people; it cannot be combined with --json\n")
    }

    func testAnUnexpectedErrorIsOneChaseLineToo() throws {
        let source = try seeded()
        let database = source.root.appendingPathComponent("queue.db").path
        XCTAssertEqual(try ChaseBinary.run(["export", "--repo", source.path, "--sqlite", database]).status, 0)
        // A file where the import must make a folder: the file system's own error, not the engine's.
        let target = try TestRepo()
        try target.write("queue", "not a folder\n")
        try target.commit("A file named queue")
        let result = try ChaseBinary.run(["import", "--repo", target.path, "--sqlite", database])
        XCTAssertEqual(result.status, 1)
        assertOneChaseLine(result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix("/queue)\n"), "names the path: \(result.stderr)")
        XCTAssertFalse(result.stderr.contains("Domain="), result.stderr)
    }

    func testValidateFindingProblemsExitsOneAndPrintsThemNotAChaseLine() throws {
        let repo = try TestRepo()
        try repo.write("queue/CONTENT-11.md", "---\nid: CONTENT-11\n---\n")
        try repo.commit("A broken task")
        let result = try ChaseBinary.run(["validate", "--repo", repo.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("queue/CONTENT-11.md:"), result.stdout)
        XCTAssertEqual(result.stderr, "")
    }

    func testValidateThatCannotRunExitsTwo() throws {
        let repo = try seeded()
        let result = try ChaseBinary.run(["validate", "--repo", repo.path, "--rev", "no-such-branch"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "chase: 'no-such-branch' is not a branch, tag, remote branch or full commit id of this repository\n")
        let notARepo = try ChaseBinary.run(["validate", "--repo", repo.root.appendingPathComponent("home").path])
        XCTAssertEqual(notARepo.status, 2)
        assertOneChaseLine(notARepo.stderr)
        // An option validate cannot use is a check that did not run either, never "problems found".
        for args in [["--actor", "someone", "--agent", "2", "--base", "main"], ["--no-such-flag"]] {
            let usage = try ChaseBinary.run(["validate", "--repo", repo.path] + args)
            XCTAssertEqual(usage.status, 2, args.joined(separator: " "))
            assertOneChaseLine(usage.stderr)
        }
    }

    func testTheSameEngineErrorOutsideValidateExitsOne() throws {
        let dir = try seeded().root.appendingPathComponent("home").path
        let result = try ChaseBinary.run(["status", "--repo", dir])
        XCTAssertEqual(result.status, 1)
        assertOneChaseLine(result.stderr)
    }

    func testAgentsRunExitsWithItsCommandsStatus() throws {
        let repo = try seeded()
        var team = Config.default
        team.agents[2].command = ["sh", "-c", "exit 3"]
        try repo.write(".chase/config.yml", ConfigFileText.render(team))
        try repo.commit("Give agent 2 a command")
        let result = try ChaseBinary.run(["agents", "run", "--agent", "2", "--repo", repo.path])
        XCTAssertEqual(result.status, 3)
        XCTAssertEqual(result.stderr, "")
    }
}
