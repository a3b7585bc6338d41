import Chase
import Foundation
import XCTest

/// The agents workflow's push job, its script run as the runner runs it (bash, in a checkout,
/// with the agents' patches downloaded): the agents' commits go on top of whatever was pushed
/// meanwhile, and nothing is pushed when an agent touched files outside the queue's folders or made
/// a change `chase validate` refuses.
final class AgentsWorkflowTests: XCTestCase {
    private var remote: TestRepo!
    private var checkout: String!
    private var temp: URL!

    override func setUpWithError() throws {
        remote = try TestRepo(bare: true)
        try remote.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", assignee: 1))
        try remote.write("reviews/CONTENT-1.cultural.md",
                         review(status: "pending"))
        try remote.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", status: "in_review", assignee: 2))
        try remote.commit("Queue")
        temp = remote.root.appendingPathComponent("runner-temp")
        // The push job's checkout, made when the workflow started, and the chase it built.
        checkout = remote.root.appendingPathComponent("checkout").path
        try remote.git(["clone", "-q", remote.path, checkout], in: remote.root.path)
        let bin = URL(fileURLWithPath: checkout).appendingPathComponent(".chase-src/.build/release")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent("chase").path, withDestinationPath: ChaseBinary.url.path)
    }

    private func review(status: String) -> String {
        "---\nid: CONTENT-1.cultural\ntask: CONTENT-1\ntype: cultural\nreviewer: 9\nstatus: \(status)\n"
            + "requested: 2026-01-09T09:00:00Z\ndue: 2026-01-09T10:00:00Z\n---\n"
    }

    /// An agent's run: its own commits in a checkout of the same start, handed on as patches.
    private func agentRun(_ handle: String, email: String, files: [String: String]) throws {
        let work = remote.root.appendingPathComponent("agent-\(UUID().uuidString)").path
        try remote.git(["clone", "-q", remote.path, work], in: remote.root.path)
        try remote.git(["reset", "-q", "--hard", try remote.git(["rev-parse", "HEAD"], in: checkout)], in: work)
        for (path, text) in files {
            let url = URL(fileURLWithPath: work).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try remote.git(["add", "-A"], in: work)
        try remote.git(["commit", "-q", "-m", "\(handle): work"], in: work,
                       env: ["GIT_AUTHOR_NAME": handle, "GIT_AUTHOR_EMAIL": email])
        let out = temp.appendingPathComponent("changes/changes-\(handle)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try remote.git(["format-patch", "-q", "--binary", "-o", out.path, "HEAD~1..HEAD"], in: work)
    }

    /// The script of the step, as the workflow file has it.
    private func pushScript() throws -> String {
        let text = try XCTUnwrap(WorkflowTemplates.files.first { $0.path.hasSuffix("agents.yml") }?.text)
        let lines = text.components(separatedBy: "\n")
        let step = try XCTUnwrap(lines.firstIndex { $0.contains("- name: Check and push the agents' changes") })
        let run = try XCTUnwrap(lines[step...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "run: |" })
        let indent = lines[run].prefix { $0 == " " }.count + 2
        var script: [String] = []
        for line in lines[(run + 1)...] {
            if !line.isEmpty && line.prefix(while: { $0 == " " }).count < indent { break }
            script.append(String(line.dropFirst(min(indent, line.count))))
        }
        return script.joined(separator: "\n")
    }

    private func runPushStep() throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["--noprofile", "--norc", "-eo", "pipefail", "-c", try pushScript()]
        p.currentDirectoryURL = URL(fileURLWithPath: checkout)
        p.environment = remote.environment.merging([
            "RUNNER_TEMP": temp.path, "GITHUB_TOKEN": "t0ken", "BRANCH": "main", "SERVER": "https://github.com",
            "GITHUB_ACTIONS": "", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]) { _, b in b }
        let log = remote.root.appendingPathComponent("step-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, try String(contentsOf: log, encoding: .utf8))
    }

    func testTheAgentsCommitsArePushedOnTopOfWhatWasPushedMeanwhile() throws {
        try agentRun("agent-01", email: "lore@example.com",
                     files: ["queue/LORE-1.md": TaskText.make("LORE-1", type: "lore", status: "in_progress", assignee: 1)])
        try agentRun("agent-06", email: "assets@example.com", files: ["outputs/assets/jingle.md": "la la\n"])
        try remote.write("queue/ASSET-9.md", TaskText.make("ASSET-9", type: "asset"))
        let meanwhile = try remote.commit("Pushed while the agents ran")

        let result = try runPushStep()

        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(try remote.git(["log", "--format=%an|%s", "-3", "main"]).split(separator: "\n"),
                       ["agent-06|agent-06: work", "agent-01|agent-01: work", "Human Lead|Pushed while the agents ran"])
        XCTAssertEqual(try remote.rev("main~2"), meanwhile)
        XCTAssertTrue(try remote.show("main:queue/LORE-1.md").contains("status: in_progress"))
        XCTAssertEqual(try remote.show("main:outputs/assets/jingle.md"), "la la")
    }

    func testAFileOutsideTheQueuesFoldersStopsThePushOfEveryAgentsWork() throws {
        try agentRun("agent-01", email: "lore@example.com",
                     files: ["queue/LORE-1.md": TaskText.make("LORE-1", type: "lore", status: "in_progress", assignee: 1)])
        try agentRun("agent-02", email: "content@example.com", files: [".github/workflows/evil.yml": "on: push\n"])
        let before = try remote.refs()

        let result = try runPushStep()

        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.output.contains("::error::the agents changed files outside queue/, reviews/ and outputs/; nothing was pushed: .github/workflows/evil.yml"),
                      result.output)
        XCTAssertEqual(try remote.refs(), before)
    }

    func testAChangeTheAgentMayNotMakeIsRefusedByValidateAndNothingIsPushed() throws {
        // Agent 02 approves the cultural review of its own task; only agent 09 or a maintainer may.
        try agentRun("agent-02", email: "content@example.com", files: [
            "reviews/CONTENT-1.cultural.md": review(status: "approved"),
        ])
        let before = try remote.refs()

        let result = try runPushStep()

        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.output.contains("changed the review's status; only its reviewer (agent 09) or a maintainer may set it"),
                      result.output)
        XCTAssertEqual(try remote.refs(), before)
    }

    func testAProblemAlreadyOnTheBranchDoesNotHoldTheAgentsBack() throws {
        try remote.write("queue/BROKEN-1.md", "---\nid: BROKEN-1\nstatus: [unclosed\n---\n")
        try remote.commit("A broken file, pushed directly")
        try remote.git(["pull", "-q", "--ff-only"], in: checkout)
        try agentRun("agent-01", email: "lore@example.com",
                     files: ["queue/LORE-1.md": TaskText.make("LORE-1", type: "lore", status: "in_progress", assignee: 1)])

        let result = try runPushStep()

        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(try remote.show("main:queue/LORE-1.md").contains("status: in_progress"))
    }

    func testNoChangesPushesNothing() throws {
        let before = try remote.refs()
        let result = try runPushStep()
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains("no agent changed anything"), result.output)
        XCTAssertEqual(try remote.refs(), before)
    }
}
