import Chase
import ChaseCore
import Foundation
import XCTest

/// `AgentLanding` against a bare repository that plays GitHub: patches made with the git command
/// line, applied, committed as their agents, validated as them, and pushed; the branch moving
/// under the push means applying and validating everything again on the new head.
final class AgentLandingTests: XCTestCase {
    private var remote: TestRepo!
    private var checkout: String!
    private let now = Timestamp.parse("2026-01-09T12:00:00Z")!

    override func setUpWithError() throws {
        remote = try TestRepo(bare: true)
        var team = Config.default
        let nine = try XCTUnwrap(team.agents.firstIndex { $0.number == 9 })
        team.agents[nine].identities = ["culture@example.com"]
        try remote.write(".chase/config.yml", ConfigFileText.render(team))
        try remote.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", assignee: 1))
        try remote.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", status: "in_review", assignee: 2))
        try remote.write("reviews/CONTENT-1.cultural.md", review(status: "pending"))
        try remote.commit("Queue")
        checkout = remote.root.appendingPathComponent("checkout").path
        try remote.git(["clone", "-q", remote.path, checkout], in: remote.root.path)
    }

    private func review(status: String) -> String {
        "---\nid: CONTENT-1.cultural\ntask: CONTENT-1\ntype: cultural\nreviewer: 9\nstatus: \(status)\n"
            + "requested: 2026-01-09T09:00:00Z\ndue: 2026-01-09T10:00:00Z\n---\n"
    }

    /// What an agent's job hands on: `git diff --binary` from the checkout's commit to its edits.
    private func patch(_ files: [String: String]) throws -> [UInt8] {
        let work = remote.root.appendingPathComponent("agent-\(UUID().uuidString)").path
        try remote.git(["clone", "-q", checkout, work], in: remote.root.path)
        for (path, text) in files {
            let url = URL(fileURLWithPath: work).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try remote.git(["add", "-A"], in: work)
        return Array(try remote.git(["diff", "--cached", "--binary", "HEAD"], in: work).utf8) + [0x0A]
    }

    private func land(_ changes: [AgentLanding.Change], beforePush: @escaping (Int) throws -> Void = { _ in }) throws -> AgentLanding.Report {
        try AgentLanding(options: .init(repoPath: checkout, now: now, environment: [:]), beforePush: beforePush).run(changes)
    }

    func testABranchMovedUnderThePushGetsTheAgentsCommitOnTopAfterAnotherCheck() throws {
        let lore = try patch(["queue/LORE-1.md": TaskText.make("LORE-1", type: "lore", status: "in_progress", assignee: 1)])
        var theirs: String?
        let report = try land([.init(agent: 1, patch: lore)]) { attempt in
            if attempt == 1 {
                try self.remote.write("queue/ASSET-9.md", TaskText.make("ASSET-9", type: "asset"))
                theirs = try self.remote.commit("Pushed while the agents landed")
            }
        }
        XCTAssertEqual(report.attempts, 2)
        XCTAssertEqual(report.base, theirs)
        XCTAssertEqual(report.agents.map(\.status), [.landed])
        XCTAssertEqual(try remote.rev("main"), report.pushed)
        XCTAssertEqual(try remote.rev("main~1"), theirs)
        XCTAssertEqual(try remote.git(["log", "--format=%an <%ae> %aI", "-1", "main"]), "agent-01 <agent-01@users.noreply.github.com> 2026-01-09T12:00:00+00:00")
        // The local branch follows what landed, work tree included.
        XCTAssertEqual(try remote.git(["rev-parse", "HEAD"], in: checkout), report.pushed)
        XCTAssertEqual(try remote.git(["status", "--porcelain"], in: checkout), "")
    }

    /// Validated again after the rebase: the task the agent's change depends on was deleted
    /// meanwhile, so on the new head its change names an unknown task, and it is refused.
    func testTheChangeIsValidatedAgainOnTheMovedBranch() throws {
        try remote.write("queue/LORE-9.md", TaskText.make("LORE-9", type: "lore"))
        try remote.commit("LORE-9")
        try remote.git(["pull", "-q", "--ff-only"], in: checkout)
        let lore = try patch(["queue/LORE-1.md": TaskText.make("LORE-1", type: "lore", assignee: 1, dependsOn: ["LORE-9"])])
        let report = try land([.init(agent: 1, patch: lore)]) { attempt in
            if attempt == 1 {
                try self.remote.remove("queue/LORE-9.md")
                try self.remote.commit("LORE-9 is dropped")
            }
        }
        XCTAssertEqual(report.attempts, 2)
        XCTAssertNil(report.pushed)
        XCTAssertEqual(report.agents.map(\.status), [.refused])
        XCTAssertTrue(report.agents[0].problems.contains { $0.contains("LORE-9") }, "\(report.agents[0].problems)")
        XCTAssertEqual(try remote.git(["log", "--format=%s", "-1", "main"]), "LORE-9 is dropped")
    }

    func testTheReviewersVerdictLandsWhenNothingMoved() throws {
        let verdict = try patch(["reviews/CONTENT-1.cultural.md": review(status: "approved")])
        let report = try land([.init(agent: 9, patch: verdict)])
        XCTAssertEqual(report.agents.map(\.status), [.landed])
        XCTAssertEqual(report.attempts, 1)
        XCTAssertEqual(try remote.git(["log", "--format=%an <%ae>", "-1", "main"]), "agent-09 <culture@example.com>")
    }

    func testAConflictWithAChangeMadeMeanwhileRefusesThatAgentAlone() throws {
        let lore = try patch(["queue/LORE-1.md": TaskText.make("LORE-1", type: "lore", status: "in_progress", assignee: 1)])
        let jingle = try patch(["outputs/assets/jingle.md": "la la\n"])
        try remote.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", status: "blocked", assignee: 1))
        try remote.commit("Blocked meanwhile")

        let report = try land([.init(agent: 1, patch: lore), .init(agent: 6, patch: jingle)])

        XCTAssertEqual(report.agents.map(\.status), [.refused, .landed])
        XCTAssertTrue(report.agents[0].problems[0].contains("does not apply"), report.agents[0].problems[0])
        XCTAssertEqual(try remote.show("main:outputs/assets/jingle.md"), "la la")
        XCTAssertTrue(try remote.show("main:queue/LORE-1.md").contains("status: blocked"))
    }

    /// Hand-written patches, as a hostile agent could upload: a path that climbs out of the queue's
    /// folders, a symbolic link, an unknown agent and text that is no patch. Each refused alone.
    func testHostilePatchesAreRefused() throws {
        let climb = Array("""
        diff --git a/queue/../.github/workflows/x.yml b/queue/../.github/workflows/x.yml
        new file mode 100644
        --- /dev/null
        +++ b/queue/../.github/workflows/x.yml
        @@ -0,0 +1 @@
        +on: push

        """.utf8)
        let link = Array("""
        diff --git a/queue/LINK.md b/queue/LINK.md
        new file mode 120000
        --- /dev/null
        +++ b/queue/LINK.md
        @@ -0,0 +1 @@
        +../.chase/config.yml
        \\ No newline at end of file

        """.utf8)
        let fine = try patch(["outputs/assets/jingle.md": "la la\n"])
        let before = try remote.rev("main")

        let report = try land([.init(agent: 1, patch: climb), .init(agent: 2, patch: link), .init(agent: 42, patch: fine),
                               .init(agent: 3, patch: Array("not a patch\n".utf8)), .init(agent: 6, patch: fine)])

        XCTAssertEqual(report.agents.map(\.status), [.refused, .refused, .refused, .landed, .refused], "\(report.agents)")
        XCTAssertEqual(report.agents.map(\.agent), [1, 2, 3, 6, 42])
        XCTAssertTrue(report.agents[0].problems[0].contains("queue/../.github/workflows/x.yml"), report.agents[0].problems[0])
        XCTAssertTrue(report.agents[1].problems[0].contains("queue/LINK.md: not a regular file"), report.agents[1].problems[0])
        XCTAssertEqual(try remote.rev("main~1"), before)
        XCTAssertEqual(try remote.git(["log", "--format=%an", "-1", "main"]), "agent-06")
    }
}
