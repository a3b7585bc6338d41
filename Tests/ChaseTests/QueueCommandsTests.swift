import Chase
import ChaseCore
import Foundation
import XCTest

/// `chase status`, `next`, `agents`, `new task`, `events` and `graph` through the built binary, on
/// real repositories.
final class QueueCommandsTests: XCTestCase {
    private let now = "2026-01-09T12:00:00Z"

    /// Agent 02 with three tasks (one P0), a blocked task waiting on lore, and a ticked review for agent 09.
    private func seeded() throws -> TestRepo {
        let repo = try TestRepo()
        try repo.write("queue/CONTENT-010.md", TaskText.make("CONTENT-010", tier: 2, status: "complete", assignee: 2))
        try repo.write("queue/CONTENT-011.md", TaskText.make("CONTENT-011", priority: "P3", assignee: 2))
        try repo.write("queue/CONTENT-012.md", TaskText.make("CONTENT-012", priority: "P0", assignee: 2, created: "2026-01-08T09:00:00Z"))
        try repo.write("queue/CONTENT-015.md", TaskText.make("CONTENT-015", assignee: 2, dependsOn: ["LORE-003"]))
        try repo.write("queue/LORE-003.md", TaskText.make("LORE-003", type: "lore", status: "in_progress", assignee: 1))
        try repo.commit("The queue")
        let tick = try ChaseBinary.run(["tick", "--repo", repo.path, "--now", "2026-01-09T10:00:00Z"])
        XCTAssertEqual(tick.status, 0, tick.stderr)
        return repo
    }

    private func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    // MARK: status

    func testStatusIsPlainWhenPipedAndSaysWhatBlocksWhat() throws {
        let repo = try seeded()
        let result = try ChaseBinary.run(["status", "--repo", repo.path, "--now", now])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.contains("\u{1B}["), "no colour when piped")
        XCTAssertTrue(result.stdout.hasPrefix("main at \(try repo.rev("main").prefix(7)), \(now)\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("  02 Content Strategist  2/3  pending: CONTENT-011, CONTENT-012 · blocked: CONTENT-015 · in review: CONTENT-010\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("  CONTENT-010.cultural  cultural review by agent 09  overdue 1h (due 2026-01-09T11:00:00Z)\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("  CONTENT-015 (agent 02) waits for LORE-003 (in progress, agent 01)\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("  overdue 3h  CONTENT-012 (open task, agent 02)\n"), result.stdout)
    }

    func testStatusJSONHasTheBoard() throws {
        let repo = try seeded()
        let result = try ChaseBinary.run(["status", "--repo", repo.path, "--now", now, "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let board = try XCTUnwrap(try json(result.stdout) as? [String: Any])
        XCTAssertEqual((board["counts"] as? [String: Int])?["blocked"], 1)
        XCTAssertEqual((board["blocked"] as? [[String: Any]])?.first?["id"] as? String, "CONTENT-015")
        XCTAssertEqual((board["breaches"] as? [[String: Any]])?.count, 2)
        XCTAssertEqual(board["now"] as? String, now)
    }

    func testStatusIsColouredOnATerminalUnlessNoColorIsSet() throws {
        let repo = try seeded()
        // `script` gives the command a pseudo-terminal for its output, as a person's shell would.
        func onTerminal(_ env: [String: String]) throws -> String {
            let out = repo.root.appendingPathComponent("typescript-\(UUID().uuidString)").path
            let command = "'\(ChaseBinary.url.path)' status --repo '\(repo.path)' --now \(now)"
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            p.arguments = ["-q", "-e", "-c", command, out]
            p.environment = ProcessInfo.processInfo.environment.merging(env) { _, b in b }
            p.standardInput = FileHandle.nullDevice
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return try String(contentsOfFile: out, encoding: .utf8)
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("needs script(1) for a terminal") }
        XCTAssertTrue(try onTerminal(["TERM": "xterm", "NO_COLOR": ""]).contains("\u{1B}[31mCONTENT-015\u{1B}[0m"))
        XCTAssertFalse(try onTerminal(["TERM": "xterm", "NO_COLOR": "1"]).contains("\u{1B}["))
    }

    func testStatusOnAMissingBranchIsAOneLineError() throws {
        let repo = try seeded()
        let result = try ChaseBinary.run(["status", "--repo", repo.path, "--branch", "nope"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "chase: branch 'nope' does not exist or has no commits\n")
    }

    // MARK: next

    func testNextOrdersByPriorityThenDeadlineWithPaths() throws {
        let repo = try seeded()
        let result = try ChaseBinary.run(["next", "--agent", "2", "--repo", repo.path, "--now", now])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
        agent 02 (Content Strategist): 2 items
        1. P0 CONTENT-012 [pending, overdue 3h] A task
           queue/CONTENT-012.md
        2. P3 CONTENT-011 [pending] A task
           queue/CONTENT-011.md

        """)
        let reviews = try ChaseBinary.run(["next", "--agent", "9", "--repo", repo.path, "--now", now, "--json"])
        let items = try XCTUnwrap(try json(reviews.stdout) as? [[String: Any]])
        XCTAssertEqual(items.map { $0["path"] as? String }, ["reviews/CONTENT-010.cultural.md"])
        XCTAssertEqual(items.first?["deadline"] as? String, "2026-01-09T11:00:00Z")
    }

    func testNextForAnAgentNobodyKnowsIsAnError() throws {
        let repo = try seeded()
        let result = try ChaseBinary.run(["next", "--agent", "42", "--repo", repo.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("chase: agent 42 is not in the config and has no work"), result.stderr)
        let bad = try ChaseBinary.run(["next", "--agent", "100", "--repo", repo.path])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertEqual(bad.stderr, "chase: The value '100' is invalid for '--agent <N>'\n")
        for command in [["mcp"], ["agents", "run"], ["agents", "brief"], ["agents", "due"], ["validate", "--base", "main"]] {
            let refused = try ChaseBinary.run(command + ["--agent", "100", "--repo", repo.path])
            XCTAssertNotEqual(refused.status, 0, "\(command)")
            XCTAssertTrue(refused.stderr.hasPrefix("chase: The value '100' is invalid for '--agent <N>'"), "\(command): \(refused.stderr)")
        }
    }

    // MARK: agents

    func testAgentsDueWritesTheStepOutputs() throws {
        let repo = try seeded()
        let outputs = repo.root.appendingPathComponent("github-output").path
        let result = try ChaseBinary.run(["agents", "due", "--repo", repo.path, "--at", "2026-01-09T05:00:00Z", "--github-output"],
                                         env: ["GITHUB_OUTPUT": outputs])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("agents due in (2026-01-09T04:00:00Z, 2026-01-09T05:00:00Z]: 3\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("  agent-02 Content Strategist: 2 items waiting, schedule '0 0,5,9 * * *' at 2026-01-09T05:00:00Z; no command configured\n"), result.stdout)
        // The default team has no commands, so the matrix is empty and no agent job runs.
        XCTAssertEqual(try String(contentsOfFile: outputs, encoding: .utf8),
                       "matrix<<CHASE_EOF\n{\"include\":[]}\nCHASE_EOF\nany<<CHASE_EOF\nfalse\nCHASE_EOF\n")
    }

    func testAgentsDueJSONAndBadWindows() throws {
        let repo = try seeded()
        let result = try ChaseBinary.run(["agents", "due", "--repo", repo.path, "--at", "2026-01-09T14:00:00Z", "--since", "2026-01-09T13:30:00Z", "--json"])
        let due = try XCTUnwrap(try json(result.stdout) as? [[String: Any]])
        XCTAssertEqual(due.map { $0["agent"] as? Int }, [1, 2, 5, 9])
        XCTAssertEqual(due[2]["scheduledAt"] as? String, "2026-01-09T14:00:00Z")
        let backwards = try ChaseBinary.run(["agents", "due", "--repo", repo.path, "--at", "2026-01-09T14:00:00Z", "--since", "2026-01-09T15:00:00Z"])
        XCTAssertEqual(backwards.status, 1)
        XCTAssertEqual(backwards.stderr, "chase: --since 2026-01-09T15:00:00Z is not before --at 2026-01-09T14:00:00Z\n")
        let noFile = try ChaseBinary.run(["agents", "due", "--repo", repo.path, "--github-output"], env: ["GITHUB_OUTPUT": ""])
        XCTAssertEqual(noFile.status, 1)
        XCTAssertTrue(noFile.stderr.contains("--github-output needs GITHUB_OUTPUT"), noFile.stderr)
    }

    func testAgentsRunGivesTheCommandItsWorkList() throws {
        let repo = try seeded()
        let script = repo.root.appendingPathComponent("agent.sh").path
        try "#!/bin/sh\necho \"agent=$CHASE_AGENT args=$*\" > \"$1.seen\"\nprintf '%s' \"$CHASE_WORK\" >> \"$1.seen\"\nexit 3\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        var team = Config.default
        team.agents[2].command = [script, repo.root.appendingPathComponent("run").path]
        let status = try AgentActivation.run(agent: 2, repoPath: repo.path, branch: nil, fallback: team)
        XCTAssertEqual(status, 3, "the command's exit status")
        let seen = try String(contentsOfFile: repo.root.appendingPathComponent("run.seen").path, encoding: .utf8)
        XCTAssertEqual(seen, "agent=2 args=\(repo.root.path)/run queue/CONTENT-012.md queue/CONTENT-011.md\nqueue/CONTENT-012.md\nqueue/CONTENT-011.md")
    }

    func testAgentsRunWithoutACommandSaysWhereToConfigureIt() throws {
        let repo = try seeded()
        let result = try ChaseBinary.run(["agents", "run", "--agent", "2", "--repo", repo.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "chase: agent-02 has no command in .chase/config.yml (agents: … command: [program, args…])\n")
    }

    // MARK: new task

    func testNewTaskTakesTheNextFreeIdEvenFromUncommittedFiles() throws {
        let repo = try seeded()
        try repo.write("queue/CONTENT-020.md", "not committed, not even valid\n")
        let result = try ChaseBinary.run(["new", "task", "--type", "content", "--content-type", "Tweet", "--title", "Ika: tweet #7",
                                          "--priority", "p1", "--depends-on", "LORE-003,CONTENT-010", "--repo", repo.path, "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let created = try XCTUnwrap(try json(result.stdout) as? [String: String])
        XCTAssertEqual(created, ["id": "CONTENT-021", "path": "queue/CONTENT-021.md"])
        XCTAssertEqual(try repo.read("queue/CONTENT-021.md"), """
        ---
        id: CONTENT-021
        title: "Ika: tweet #7"
        type: content
        content_type: tweet
        priority: P1
        status: pending
        depends_on: [LORE-003, CONTENT-010]
        ---

        """)
        XCTAssertEqual(try repo.read("queue/CONTENT-020.md"), "not committed, not even valid\n", "never replaced")
        // Committed, the bot takes it like any other task.
        try repo.remove("queue/CONTENT-020.md")
        try repo.commit("New task", author: "Agent 00", email: "agent00@example.com")
        let validate = try ChaseBinary.run(["validate", "--repo", repo.path])
        XCTAssertEqual(validate.status, 0, validate.stdout)
    }

    func testNewTaskStartsAPrefixAtOneAndRefusesBadInputWithoutWriting() throws {
        let repo = try seeded()
        let lore = try ChaseBinary.run(["new", "task", "--type", "ops", "--title", "Rotate the secret", "--repo", repo.path])
        XCTAssertEqual(lore.stdout, "created queue/OPS-001.md (OPS-001); commit it to hand it to the bot\n")
        let before = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/queue").sorted()
        for (args, message) in [
            (["--type", "meme", "--title", "x"], "chase: The value 'meme' is invalid for '--type <TYPE>'. Please provide one of 'content', 'lore', 'asset', 'analytics' or 'ops'.\n"),
            (["--type", "lore", "--title", "x", "--depends-on", "LORE-999"], "chase: depends_on names LORE-999, which does not exist in queue/\n"),
            (["--type", "lore", "--title", " "], "chase: 'title' must not be empty\n"),
            (["--type", "lore", "--title", "x", "--priority", "urgent"], "chase: The value 'urgent' is invalid for '--priority <P0-P3>'. Please provide one of 'P0', 'P1', 'P2' or 'P3'.\n"),
            (["--type", "LORE", "--title", "x", "--priority", "p1", "--review-tier", "4"], "chase: --review-tier 4 is not 1, 2 or 3\n"),
            (["--type", "lore", "--title", "x", "--prefix", "9X"], "chase: prefix '9X' must be capital letters and digits, starting with a letter (like CONTENT)\n"),
        ] {
            let result = try ChaseBinary.run(["new", "task", "--repo", repo.path] + args)
            XCTAssertEqual(result.status, 1, args.joined(separator: " "))
            XCTAssertEqual(result.stderr, message)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: repo.path + "/queue").sorted(), before)
    }

    func testNewTaskInABareRepositoryIsRefused() throws {
        let repo = try TestRepo(bare: true)
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops"))
        try repo.commit("One task")
        let result = try ChaseBinary.run(["new", "task", "--type", "ops", "--title", "x", "--repo", repo.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasSuffix("is a bare repository; chase new writes a file into a work tree\n"), result.stderr)
    }

    // MARK: events and graph

    func testEventsAreReadBackFromTheCommits() throws {
        let repo = try seeded()
        let all = try ChaseBinary.run(["events", "--repo", repo.path, "--json"])
        let events = try XCTUnwrap(try json(all.stdout) as? [[String: Any]])
        // The people's events from their commit (the first tick decided from the head alone and
        // recorded none of them), then the rules' from the bot's.
        XCTAssertEqual(events.compactMap { e in (e["type"] as? String).map { "\($0) \(e["subject"]!) \(e["author"]!)" } }, [
            "task.created CONTENT-010 Human Lead", "task.completed CONTENT-010 Human Lead", "task.created CONTENT-011 Human Lead",
            "task.created CONTENT-012 Human Lead", "task.created CONTENT-015 Human Lead", "task.created LORE-003 Human Lead",
            "task.started LORE-003 Human Lead",
        ] + events.suffix(events.count - 7).map { "\($0["type"]!) \($0["subject"]!) chase-bot" })
        XCTAssertEqual(Set(events.suffix(events.count - 7).compactMap { $0["type"] as? String }), ["task.blocked", "review.requested", "task.escalated"])
        let reviews = try ChaseBinary.run(["events", "--repo", repo.path, "--type", "review.requested"])
        XCTAssertEqual(reviews.status, 0)
        let lines = reviews.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].hasPrefix("2026-01-09T10:00:00Z  review.requested CONTENT-010.cultural due=2026-01-09T11:00:00Z"), String(lines[0]))
        XCTAssertTrue(lines[0].hasSuffix("(\(try repo.rev("main~1").prefix(7)), chase-bot)"), String(lines[0]))
        let forTask = try ChaseBinary.run(["events", "--repo", repo.path, "--task", "CONTENT-015", "--json"])
        XCTAssertEqual((try json(forTask.stdout) as? [[String: Any]])?.map { $0["type"] as? String }, ["task.created", "task.blocked"])
        let later = try ChaseBinary.run(["events", "--repo", repo.path, "--since", "2026-01-10T00:00:00Z"])
        XCTAssertEqual(later.stdout, "no events\n")
        let bad = try ChaseBinary.run(["events", "--repo", repo.path, "--since", "yesterday"])
        XCTAssertEqual(bad.stderr, "chase: The value 'yesterday' is invalid for '--since <ISO8601>'\n")
        let badType = try ChaseBinary.run(["events", "--repo", repo.path, "--type", "task.exploded"])
        XCTAssertEqual(badType.status, 1)
        XCTAssertTrue(badType.stderr.hasPrefix("chase: The value 'task.exploded' is invalid for '--type <TYPE>'. "
            + "Please provide one of the following: task.created, task.assigned, "), badType.stderr)
        XCTAssertEqual(badType.stderr.filter { $0 == "\n" }.count, 1, badType.stderr)
    }

    func testHelpListsTheValuesTheParserTakes() throws {
        let events = try ChaseBinary.run(["events", "--help"])
        XCTAssertTrue(events.stdout.contains("sla.exceeded"), events.stdout)
        let new = try ChaseBinary.run(["new", "task", "--help"])
        XCTAssertTrue(new.stdout.contains("content, lore, asset, analytics, ops"), new.stdout)
        XCTAssertTrue(new.stdout.contains("P0, P1, P2, P3"), new.stdout)
    }

    func testGraphInMermaidAndDot() throws {
        let repo = try seeded()
        let mermaid = try ChaseBinary.run(["graph", "--repo", repo.path])
        XCTAssertEqual(mermaid.status, 0)
        XCTAssertTrue(mermaid.stdout.hasPrefix("flowchart LR\n  CONTENT_015[\"CONTENT-015<br/>blocked\"]:::blocked\n  LORE_003[\"LORE-003<br/>in_progress\"]:::in_progress\n  LORE_003 --> CONTENT_015\n"), mermaid.stdout)
        let dot = try ChaseBinary.run(["graph", "--repo", repo.path, "--format", "dot", "--all"])
        XCTAssertTrue(dot.stdout.contains("\"LORE-003\" -> \"CONTENT-015\";"))
        XCTAssertTrue(dot.stdout.contains("\"CONTENT-011\" [label="), "--all draws tasks on no edge")
        let bad = try ChaseBinary.run(["graph", "--repo", repo.path, "--format", "svg"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("svg"), bad.stderr)
    }
}
