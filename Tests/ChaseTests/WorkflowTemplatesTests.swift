import Chase
import Foundation
import XCTest

/// The workflows `chase init` writes are this repository's own, byte for byte (with `./` for the
/// release), and they and the reusable workflows and action they call keep the rules that make
/// them safe to run (zizmor and the schema checks run on them in CI as well).
final class WorkflowTemplatesTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private let release = ChaseSource(repository: "octo-org/chase", sha: "0123456789abcdef0123456789abcdef01234567", version: "v1.2.0")

    private func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// This repository's workflows and its action, as on disk.
    private func own() throws -> [(path: String, text: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(".github/workflows").path).sorted()
        return try names.map { (".github/workflows/\($0)", try read(".github/workflows/\($0)")) } + [("action.yml", try read("action.yml"))]
    }

    /// Everything that runs: what `chase init` writes (pinned to a release) and this repository's files.
    private func everything() throws -> [(path: String, text: String)] {
        WorkflowTemplates.files(source: release).map { ("init:\($0.path)", $0.text) } + (try own())
    }

    func testTheTemplatesAreThisRepositorysWorkflowsByteForByte() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(".github/workflows").path).sorted()
        XCTAssertEqual(names, ["agents.yml", "chase-agents.yml", "chase-tick.yml", "chase-validate.yml", "tick.yml", "validate.yml"])
        for (path, text) in WorkflowTemplates.files(source: .local) {
            XCTAssertEqual(Array(text.utf8), Array(try read(path).utf8),
                           "\(path) differs from WorkflowTemplates.swift; copy the file's text into it (indented four spaces)")
        }
    }

    func testTheWorkflowsInitWritesAreAFewLinesThatPinOneRelease() throws {
        for (path, text) in WorkflowTemplates.files(source: release) {
            let code = lines(text).filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") && !$0.isEmpty }
            XCTAssertLessThanOrEqual(code.count, 30, path)
            // Each calls its own reusable workflow; the tick also calls the agents' for the agents it gave work.
            let uses = lines(text).filter { $0.contains("uses:") }
            XCTAssertEqual(uses.count, path.hasSuffix("/tick.yml") ? 2 : 1, path)
            XCTAssertTrue(uses[0].hasSuffix("octo-org/chase/.github/workflows/chase-\(path.split(separator: "/").last!)@0123456789abcdef0123456789abcdef01234567 # v1.2.0"),
                          uses[0])
            for line in uses {
                XCTAssertTrue(line.hasSuffix("@0123456789abcdef0123456789abcdef01234567 # v1.2.0"), "one release: \(line)")
            }
        }
    }

    func testEveryActionIsPinnedToACommitWithItsVersionBeside() throws {
        for (path, text) in try everything() {
            for line in lines(text) where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#")
                && (line.trimmingCharacters(in: .whitespaces).hasPrefix("uses:") || line.contains("- uses:")) {
                let value = line.components(separatedBy: "uses:")[1].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("./") { continue }  // this repository's, at the same commit
                let pinned = value.range(of: #"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40} # v\d+(\.\d+)*$"#, options: .regularExpression) != nil
                XCTAssertTrue(pinned, "\(path): \(line)")
            }
        }
    }

    func testLeastPermissionsAndNoPullRequestTarget() throws {
        for (path, text) in try everything() where !path.hasSuffix("action.yml") {
            XCTAssertTrue(text.contains("\npermissions: {}\n"), "\(path): no permissions by default")
            XCTAssertFalse(text.contains("pull_request_target"), path)
            XCTAssertFalse(text.contains("secrets: inherit"), path)
            XCTAssertFalse(text.contains("persist-credentials: true"), path)
            let checkouts = text.components(separatedBy: "actions/checkout@").count - 1
            XCTAssertEqual(text.components(separatedBy: "persist-credentials: false").count - 1, checkouts, "\(path): every checkout drops its token")
        }
        let tick = try read(".github/workflows/chase-tick.yml")
        XCTAssertTrue(tick.contains("fetch-depth: 0"), "the tick reads the whole history")
        XCTAssertTrue(tick.contains("cancel-in-progress: false"), "a running tick is never cancelled")
        XCTAssertTrue(tick.contains("run: chase tick --push"))
    }

    /// Fork pull requests get no configuration variables, so nothing may depend on one: every job
    /// that runs chase installs it through this repository's action, checked out at the commit of
    /// the reusable workflow the caller pinned — never the pull request's, never a variable's.
    func testNoVariableIsNeededAndChaseComesFromThePinnedCommit() throws {
        for (path, text) in try everything() {
            XCTAssertFalse(text.contains("vars."), "\(path): a variable, which fork pull requests do not get")
        }
        for name in ["chase-tick.yml", "chase-validate.yml", "chase-agents.yml"] {
            for (job, text) in jobs(try read(".github/workflows/\(name)")) {
                XCTAssertTrue(text.contains("""
                          repository: ${{ job.workflow_repository }}
                          ref: ${{ job.workflow_sha }}
                          path: .chase-action
                """), "\(name) \(job)")
                XCTAssertTrue(text.contains("uses: ./.chase-action"), "\(name) \(job)")
                XCTAssertFalse(text.contains("swift build"), "\(name) \(job): builds through the action")
            }
        }
    }

    /// Issue: a job that ran an agent could poison a cache that later jobs run with the push token.
    func testAJobThatRunsAnAgentBuildsNothingAndSavesNoCache() throws {
        let agents = jobs(try read(".github/workflows/chase-agents.yml"))
        XCTAssertEqual(agents.map(\.name), ["due", "run", "land"])
        let due = agents[0].text, run = agents[1].text, land = agents[2].text
        XCTAssertTrue(due.contains("name: chase-binary"), "the trusted job hands the binary on")
        XCTAssertTrue(due.contains("sha256: ${{ steps.chase.outputs.sha256 }}"))
        // chase-mcp too, which `chase mcp` runs from beside chase, in the same artifact with its own hash.
        XCTAssertTrue(due.contains("mcp-sha256: ${{ steps.chase.outputs.mcp-sha256 }}"))
        XCTAssertTrue(due.contains("path: |\n            ${{ steps.chase.outputs.path }}\n            ${{ steps.chase.outputs.mcp-path }}\n"), due)
        for job in [run, land] {
            XCTAssertTrue(job.contains("binary: ${{ runner.temp }}/chase-binary/chase\n          sha256: ${{ needs.due.outputs.sha256 }}\n"
                + "          mcp-binary: ${{ runner.temp }}/chase-binary/chase-mcp\n          mcp-sha256: ${{ needs.due.outputs.mcp-sha256 }}\n"), job)
            XCTAssertFalse(job.contains("actions/cache"), job)
        }
        XCTAssertTrue(run.contains("run: chase agents run --agent \"$AGENT\""))
        let action = try read("action.yml")
        for step in ["Prepare the build", "Restore the build", "Build chase", "Save the build"] {
            let block = try XCTUnwrap(action.components(separatedBy: "- name: \(step)\n").dropFirst().first)
            XCTAssertTrue(block.prefix(200).contains("if: inputs.binary == ''"), "\(step) runs only when nothing is handed on")
        }
        XCTAssertTrue(action.contains("sha256sum --check --strict"), "a binary handed on is checked by its hash")
        // chase with the Swift runtime linked in (it starts in half the time); chase-mcp's network stack needs the system's.
        for (product, flags) in ["chase": "-c release --static-swift-stdlib", "chase-mcp": "-c release"] {
            XCTAssertTrue(action.contains("\(flags) --product \(product)\n"), "the action builds \(product)")
            XCTAssertTrue(action.contains("$RUNNER_TEMP/chase-build/release/\(product)}\" \"$dir/\(product)\""), "the action installs \(product)")
        }
    }

    /// The push token and the App's key only in jobs of the environment `chase` (limited to the
    /// default branch); each agent's job in its own environment; validate sees no secret at all.
    func testSecretsOnlyInTheirEnvironments() throws {
        for name in ["chase-tick.yml", "chase-validate.yml", "chase-agents.yml"] {
            for (job, text) in jobs(try read(".github/workflows/\(name)")) {
                let secrets = text.components(separatedBy: "secrets.").dropFirst().map { $0.prefix { $0.isLetter || $0 == "_" } }
                if secrets.contains(where: { ["CHASE_PUSH_TOKEN", "CHASE_APP_PRIVATE_KEY", "CHASE_APP_ID", "CHASE_WEBHOOK_URL"].contains($0) }) {
                    XCTAssertTrue(text.contains("\n    environment: chase\n"), "\(name) \(job)")
                }
                if job == "run" {
                    XCTAssertTrue(text.contains("\n    environment: chase-${{ matrix.handle }}\n"), "each agent in its own environment")
                    XCTAssertEqual(Set(secrets), ["CHASE_AGENT_KEY"], "an agent's job sees only its own key")
                }
                if name == "chase-validate.yml" { XCTAssertTrue(secrets.isEmpty, "validate sees no secret") }
            }
        }
        let tick = try read(".github/workflows/chase-tick.yml")
        XCTAssertTrue(tick.contains("actions/create-github-app-token@"))
        XCTAssertTrue(tick.contains("permission-contents: write"))
    }

    func testValidateRunsOnRetargetingAndJudgesThePullRequestsAuthor() throws {
        let caller = try XCTUnwrap(WorkflowTemplates.files(source: release).first { $0.path.hasSuffix("validate.yml") }).text
        XCTAssertTrue(caller.contains("types: [opened, synchronize, reopened, edited]"), caller)
        let validate = try read(".github/workflows/chase-validate.yml")
        XCTAssertTrue(validate.contains("AUTHOR: ${{ github.event.pull_request.user.login }}"))
        XCTAssertTrue(validate.contains("run: chase validate --base \"$BASE_SHA\" --actor \"$AUTHOR\""))
    }

    /// Untrusted values (titles, branch names, inputs) reach scripts through `env:`, never as
    /// `${{ }}` pasted into the script's text.
    func testNoExpressionInsideARunScript() throws {
        for (path, text) in try everything() {
            for (_, script) in scripts(text) {
                XCTAssertFalse(script.contains("${{"), "\(path): \(script)")
            }
        }
    }

    /// Logic lives in chase, where it is tested; a step's shell is glue.
    func testNoStepHoldsMoreThanADozenLinesOfShell() throws {
        for (path, text) in try everything() {
            for (line, script) in scripts(text) {
                let code = script.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
                XCTAssertLessThanOrEqual(code.count, 12, "\(path):\(line)")
            }
        }
    }

    func testTheReleaseIsParsedStrictly() {
        XCTAssertEqual(try? ChaseSource.parse("octo-org/chase@0123456789abcdef0123456789abcdef01234567", version: "v1.2.0"), release)
        XCTAssertEqual(try? ChaseSource.parse("./", version: "v1.0.0"), .local)
        for bad in ["octo-org/chase@v1.2.0", "octo-org/chase@main", "octo-org/chase", "octo-org/chase@0123456789ABCDEF0123456789abcdef01234567",
                    "../chase@0123456789abcdef0123456789abcdef01234567", "octo-org/chase/x@0123456789abcdef0123456789abcdef01234567"] {
            XCTAssertNil(try? ChaseSource.parse(bad, version: "v1.2.0"), bad)
        }
        XCTAssertNil(try? ChaseSource.parse("octo-org/chase@0123456789abcdef0123456789abcdef01234567", version: "latest"))
    }

    private func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The jobs of a workflow, by name, each with its text.
    private func jobs(_ text: String) -> [(name: String, text: String)] {
        var out: [(name: String, text: String)] = []
        var inJobs = false
        for line in lines(text) {
            if line == "jobs:" { inJobs = true; continue }
            guard inJobs else { continue }
            if line.hasPrefix("  "), !line.hasPrefix("   "), line.hasSuffix(":") {
                out.append((String(line.dropFirst(2).dropLast()), ""))
            } else if !out.isEmpty {
                out[out.count - 1].text += line + "\n"
            }
        }
        return out
    }

    /// Each `run:` script (a step's; a bare `run:` is a job of that name), with its line number.
    private func scripts(_ text: String) -> [(line: Int, script: String)] {
        var out: [(line: Int, script: String)] = []
        var scriptIndent: Int?
        for (number, line) in lines(text).enumerated() {
            let indent = line.prefix { $0 == " " }.count
            if let current = scriptIndent {
                if line.trimmingCharacters(in: .whitespaces).isEmpty || indent > current {
                    out[out.count - 1].script += line + "\n"
                    continue
                }
                scriptIndent = nil
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("run:"), trimmed != "run:" {
                let inline = trimmed.dropFirst(4).trimmingCharacters(in: .whitespaces)
                out.append((number + 1, inline == "|" ? "" : inline + "\n"))
                scriptIndent = indent
            }
        }
        return out
    }
}
