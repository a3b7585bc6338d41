import Chase
import ChaseCore
import Foundation
import XCTest

/// The agents workflow's steps, their scripts run as the runner runs them (bash, in checkouts of a
/// bare repository that plays GitHub): each agent's job collects its changes as one patch, and the
/// push job's `chase agents land` commits each as its agent on top of whatever was pushed
/// meanwhile; an agent that touched files outside the queue's folders or made a change `chase
/// validate` refuses (as that agent, whatever its commits claim) is left out, the others land.
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
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        // The land job's checkout, made when the workflow started.
        checkout = remote.root.appendingPathComponent("checkout").path
        try remote.git(["clone", "-q", remote.path, checkout], in: remote.root.path)
    }

    private func review(status: String) -> String {
        "---\nid: CONTENT-1.cultural\ntask: CONTENT-1\ntype: cultural\nreviewer: 9\nstatus: \(status)\n"
            + "requested: 2026-01-09T09:00:00Z\ndue: 2026-01-09T10:00:00Z\n---\n"
    }

    /// An agent's run: its own commits in a checkout of the same start (claiming `email`), then
    /// the workflow's collect step, its patch laid out as the push job downloads it.
    private func agentRun(_ handle: String, email: String, files: [String: String]) throws {
        let work = remote.root.appendingPathComponent("agent-\(UUID().uuidString)").path
        try remote.git(["clone", "-q", remote.path, work], in: remote.root.path)
        let start = try remote.git(["rev-parse", "HEAD"], in: checkout)
        try remote.git(["reset", "-q", "--hard", start], in: work)
        for (path, text) in files {
            let url = URL(fileURLWithPath: work).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try remote.git(["add", "-A"], in: work)
        try remote.git(["commit", "-q", "-m", "\(handle): work"], in: work,
                       env: ["GIT_AUTHOR_NAME": handle, "GIT_AUTHOR_EMAIL": email])
        let agentTemp = remote.root.appendingPathComponent("temp-\(handle)")
        let collected = try runStep("Collect the agent's changes", in: work,
                                    env: ["HANDLE": handle, "START": start, "RUNNER_TEMP": agentTemp.path])
        XCTAssertEqual(collected.status, 0, collected.output)
        let out = temp.appendingPathComponent("changes/changes-\(handle)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: agentTemp.appendingPathComponent("changes/\(handle).patch"),
                                        to: out.appendingPathComponent("\(handle).patch"))
    }

    /// A team whose agents 2 (content) and 9 (cultural review) have git identities.
    private func team() throws {
        var team = Config.default
        for (number, email) in [(2, "content@example.com"), (9, "culture@example.com")] {
            let index = try XCTUnwrap(team.agents.firstIndex { $0.number == number })
            team.agents[index].identities = [email]
            team.agents[index].command = ["sh", "agent.sh"]
        }
        try remote.write(".chase/config.yml", ConfigFileText.render(team))
        try remote.commit("The team's agents")
        try remote.git(["pull", "-q", "--ff-only"], in: checkout)
    }

    /// Chase's reusable agents workflow, which the agents workflow `chase init` writes calls.
    static let workflow = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".github/workflows/chase-agents.yml")

    /// The script of a step, as the workflow file has it.
    private func stepScript(_ name: String) throws -> String {
        let text = try String(contentsOf: Self.workflow, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let step = try XCTUnwrap(lines.firstIndex { $0.contains("- name: \(name)") })
        let run = try XCTUnwrap(lines[step...].firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("run: ") })
        let single = lines[run].trimmingCharacters(in: .whitespaces).dropFirst("run: ".count)
        if single != "|" { return String(single) }
        let indent = lines[run].prefix { $0 == " " }.count + 2
        var script: [String] = []
        for line in lines[(run + 1)...] {
            if !line.isEmpty && line.prefix(while: { $0 == " " }).count < indent { break }
            script.append(String(line.dropFirst(min(indent, line.count))))
        }
        return script.joined(separator: "\n")
    }

    private func runPushStep() throws -> (status: Int32, output: String) {
        try runStep("Check and push the agents' changes", env: ["GITHUB_TOKEN": "t0ken", "GITHUB_OUTPUT": temp.appendingPathComponent("push-outputs").path])
    }

    private func runStep(_ name: String, in dir: String? = nil, env: [String: String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["--noprofile", "--norc", "-eo", "pipefail", "-c", try stepScript(name)]
        p.currentDirectoryURL = URL(fileURLWithPath: dir ?? checkout)
        p.environment = remote.environment.merging([
            // chase on PATH, as the action installs it.
            "RUNNER_TEMP": temp.path, "GITHUB_ACTIONS": "",
            "PATH": ChaseBinary.url.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        ].merging(env) { _, b in b }) { _, b in b }
        let log = remote.root.appendingPathComponent("step-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, try String(contentsOf: log, encoding: .utf8))
    }

    /// A reviewer agent started by hand commits under its configured email, as a scheduled one
    /// does: the dispatch matrix comes from `chase agents due --agent`, not from the workflow's text.
    func testTheManualStartOfAnAgentGivesTheMatrixItsEmail() throws {
        var team = Config.default
        let nine = try XCTUnwrap(team.agents.firstIndex { $0.number == 9 })
        team.agents[nine].identities = ["culture@example.com"]
        team.agents[nine].command = ["sh", "review.sh"]
        try remote.write(".chase/config.yml", ConfigFileText.render(team))
        try remote.commit("The team's agents")
        try remote.git(["pull", "-q", "--ff-only"], in: checkout)
        let outputs = temp.appendingPathComponent("outputs")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)

        let started = try runStep("Find the agents that are due", env: ["AGENT": "09", "GITHUB_OUTPUT": outputs.path])

        XCTAssertEqual(started.status, 0, started.output)
        XCTAssertEqual(try String(contentsOf: outputs, encoding: .utf8),
                       "matrix<<CHASE_EOF\n{\"include\":[{\"agent\":9,\"handle\":\"agent-09\",\"email\":\"culture@example.com\"}]}\nCHASE_EOF\n"
                           + "any<<CHASE_EOF\ntrue\nCHASE_EOF\n")

        // Anything but an agent of the config is refused, and no matrix is set.
        try FileManager.default.removeItem(at: outputs)
        for bad in ["7", "9; echo pwned", "-1"] {
            let refused = try runStep("Find the agents that are due", env: ["AGENT": bad, "GITHUB_OUTPUT": outputs.path])
            XCTAssertNotEqual(refused.status, 0, bad)
            XCTAssertFalse(FileManager.default.fileExists(atPath: outputs.path), bad)
        }
    }

    /// On demand: the tick names the agents it gave work (`agents` output of chase-tick.yml), the
    /// caller's `agents` job passes them as `given`, and only those with a command are due.
    func testTheAgentsATickGaveWorkAreTheOnesStarted() throws {
        var team = Config.default
        for n in [2, 9] { team.agents[team.agents.firstIndex { $0.number == n }!].command = ["sh", "work.sh"] }
        try remote.write(".chase/config.yml", ConfigFileText.render(team))
        try remote.commit("The team's agents")
        try remote.git(["pull", "-q", "--ff-only"], in: checkout)
        let outputs = temp.appendingPathComponent("given-outputs")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        let started = try runStep("Find the agents that are due", env: ["AGENT": "", "GIVEN": "2,5,9", "GITHUB_OUTPUT": outputs.path])
        XCTAssertEqual(started.status, 0, started.output)
        let text = try String(contentsOf: outputs, encoding: .utf8)
        XCTAssertTrue(text.contains(#"{"include":[{"agent":2,"handle":"agent-02"},{"agent":9,"handle":"agent-09"}]}"#), text)

        // The wiring: the tick step sets the output, the reusable tick workflow hands it on, and the
        // tick workflow starts the agents workflow with it only when it names someone.
        let root = PythonMCPClient.packageRoot.appendingPathComponent(".github/workflows")
        let tick = try String(contentsOf: root.appendingPathComponent("chase-tick.yml"), encoding: .utf8)
        XCTAssertTrue(tick.contains("run: chase tick --push --github-output"))
        XCTAssertTrue(tick.contains("value: ${{ jobs.tick.outputs.agents }}"))
        XCTAssertTrue(tick.contains("agents: ${{ steps.tick.outputs.agents }}"))
        let caller = try String(contentsOf: root.appendingPathComponent("tick.yml"), encoding: .utf8)
        XCTAssertTrue(caller.contains("    needs: tick\n    if: needs.tick.outputs.agents != ''\n"), caller)
        XCTAssertTrue(caller.contains("uses: ./.github/workflows/chase-agents.yml\n    with:\n      given: ${{ needs.tick.outputs.agents }}\n"), caller)
    }

    func testTheAgentsCommitsArePushedOnTopOfWhatWasPushedMeanwhile() throws {
        try agentRun("agent-01", email: "lore@example.com",
                     files: ["queue/LORE-1.md": TaskText.make("LORE-1", type: "lore", status: "in_progress", assignee: 1)])
        try agentRun("agent-06", email: "assets@example.com", files: ["outputs/assets/jingle.md": "la la\n"])
        try remote.write("queue/ASSET-9.md", TaskText.make("ASSET-9", type: "asset"))
        let meanwhile = try remote.commit("Pushed while the agents ran")

        let result = try runPushStep()

        XCTAssertEqual(result.status, 0, result.output)
        // Each under its identity from the config (none here: a no-reply address nobody else has).
        XCTAssertEqual(try remote.git(["log", "--format=%an <%ae>|%cn|%s", "-3", "main"]).split(separator: "\n"), [
            "agent-06 <agent-06@users.noreply.github.com>|agent-06|agent-06: work from the agents workflow",
            "agent-01 <agent-01@users.noreply.github.com>|agent-01|agent-01: work from the agents workflow",
            "Human Lead <lead@example.com>|Human Lead|Pushed while the agents ran",
        ])
        XCTAssertEqual(try remote.rev("main~2"), meanwhile)
        XCTAssertTrue(try remote.show("main:queue/LORE-1.md").contains("status: in_progress"))
        XCTAssertEqual(try remote.show("main:outputs/assets/jingle.md"), "la la")
        XCTAssertEqual(try String(contentsOf: temp.appendingPathComponent("push-outputs"), encoding: .utf8),
                       "pushed<<CHASE_EOF\ntrue\nCHASE_EOF\n")
    }

    func testAFileOutsideTheQueuesFoldersIsRefusedAndTheOtherAgentsWorkStillLands() throws {
        try agentRun("agent-01", email: "lore@example.com",
                     files: ["queue/LORE-1.md": TaskText.make("LORE-1", type: "lore", status: "in_progress", assignee: 1)])
        try agentRun("agent-02", email: "content@example.com", files: [
            ".github/workflows/evil.yml": "on: push\n",
            "queue/CONTENT-1.md": TaskText.make("CONTENT-1", status: "in_review", assignee: 2, extra: ["notes: mine"]),
        ])

        let result = try runPushStep()

        XCTAssertEqual(result.status, 1, result.output)
        XCTAssertTrue(result.output.contains(".github/workflows/evil.yml: changed outside queue/, reviews/ and outputs/; nothing of agent-02's change was landed"),
                      result.output)
        XCTAssertEqual(try remote.git(["log", "--format=%an", "-1", "main"]), "agent-01")
        XCTAssertTrue(try remote.show("main:queue/LORE-1.md").contains("status: in_progress"))
        XCTAssertFalse(try remote.show("main:queue/CONTENT-1.md").contains("notes: mine"), "nothing of the refused agent's change")
        XCTAssertThrowsError(try remote.show("main:.github/workflows/evil.yml"))
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
        XCTAssertEqual(try String(contentsOf: temp.appendingPathComponent("push-outputs"), encoding: .utf8),
                       "pushed<<CHASE_EOF\nfalse\nCHASE_EOF\n")
    }

    /// The attack: an agent's own commit claims the reviewer's email to approve its own task's
    /// review. Its change is committed and judged as the agent that ran, so it is refused.
    func testAnAgentClaimingTheReviewersEmailIsJudgedAsItself() throws {
        try team()
        try agentRun("agent-02", email: "culture@example.com", files: ["reviews/CONTENT-1.cultural.md": review(status: "approved")])
        let before = try remote.refs()

        let result = try runPushStep()

        XCTAssertEqual(result.status, 1, result.output)
        XCTAssertTrue(result.output.contains("agent-02"), result.output)
        XCTAssertTrue(result.output.contains("changed the review's status; only its reviewer (agent 09) or a maintainer may set it"),
                      result.output)
        XCTAssertEqual(try remote.refs(), before)
    }

    /// The legitimate path: the reviewer agent approves the review it was asked for.
    func testTheReviewerAgentsVerdictLandsUnderItsIdentity() throws {
        try team()
        try agentRun("agent-09", email: "whatever@example.com", files: ["reviews/CONTENT-1.cultural.md": review(status: "approved")])

        let result = try runPushStep()

        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(try remote.git(["log", "--format=%an <%ae>", "-1", "main"]), "agent-09 <culture@example.com>")
        XCTAssertTrue(try remote.show("main:reviews/CONTENT-1.cultural.md").contains("status: approved"))
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
