import Chase
import ChaseCore
import Foundation
import XCTest

/// `chase validate`, the pull-request check: the queue's problems, and who changed what in the
/// commits since a base, with commits made under the identities of agents, a maintainer, other
/// people and the bot (whose commits come from a real tick).
final class ValidateCommandTests: XCTestCase {
    /// Agents 09 and 02 act through their own emails; the lead is a maintainer.
    private let team: Config = {
        var config = Config.default
        config.agents[9].identities = ["agent09@example.com"]
        config.agents[2].identities = ["agent02@example.com"]
        config.maintainers = ["lead@example.com"]
        return config
    }()

    private let reviewPath = "reviews/CONTENT-010.cultural.md"

    /// main: CONTENT-010 completed by agent 02, then the bot's tick requested the cultural review.
    /// A `feature` branch starts there.
    private func reviewedRepo() throws -> TestRepo {
        let repo = try TestRepo()
        try repo.write("queue/CONTENT-010.md", TaskText.make("CONTENT-010", tier: 2, status: "in_progress", assignee: 2))
        try repo.commit("Add CONTENT-010")
        try repo.write("queue/CONTENT-010.md", TaskText.make("CONTENT-010", tier: 2, status: "complete", assignee: 2))
        try repo.commit("CONTENT-010 done", author: "Agent 02", email: "agent02@example.com")
        let report = try Tick(options: .init(repoPath: repo.path, branch: "main", now: Timestamp.parse("2026-01-09T10:00:00Z")!)).run()
        XCTAssertTrue(report.writes.contains(reviewPath))
        try repo.git(["checkout", "-q", "-b", "feature"])
        return repo
    }

    private func setReviewStatus(_ repo: TestRepo, _ status: String) throws {
        let text = try repo.read(reviewPath).replacingOccurrences(of: "status: pending", with: "status: \(status)")
        try repo.write(reviewPath, text)
    }

    private func validate(_ repo: TestRepo, base: String = "main") throws -> ValidationReport {
        try Validation.run(repoPath: repo.path, revision: nil, base: base, fallback: team)
    }

    func testTheReviewerMayApproveItsReview() throws {
        let repo = try reviewedRepo()
        try setReviewStatus(repo, "approved")
        try repo.commit("Cultural review: approved", author: "Agent 09", email: "agent09@example.com")
        let report = try validate(repo)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.commitsChecked, 1)
        XCTAssertEqual(report.base, try repo.rev("main"))
    }

    func testAnotherAgentApprovingIsReportedOnTheStatusLineWithTheCommit() throws {
        let repo = try reviewedRepo()
        try setReviewStatus(repo, "approved")
        let commit = try repo.commit("Approve my own tweet", author: "Agent 02", email: "agent02@example.com")
        let report = try validate(repo)
        XCTAssertEqual(report.problems.map(\.description), [
            "\(reviewPath):6: agent 02 (agent02@example.com) in \(commit.prefix(7)): changed the review's status; "
                + "only its reviewer (agent 09) or a maintainer may set it",
        ])
    }

    func testAMaintainerMayApproveAndAStrangerMayNot() throws {
        let repo = try reviewedRepo()
        try setReviewStatus(repo, "approved")
        try repo.commit("Lead approves", author: "Human Lead", email: "lead@example.com")
        XCTAssertEqual(try validate(repo).problems, [])

        let other = try reviewedRepo()
        try setReviewStatus(other, "approved")
        try other.commit("Drive-by approval", author: "Mallory", email: "mallory@example.net")
        XCTAssertEqual(try validate(other).problems.map(\.message).first?.hasPrefix("Mallory <mallory@example.net> in "), true)
    }

    func testAPersonMayNotCreateAReviewFileNorWriteBotOwnedKeys() throws {
        let repo = try reviewedRepo()
        try repo.write("reviews/CONTENT-010.canon.md", try repo.read(reviewPath)
            .replacingOccurrences(of: "cultural", with: "canon").replacingOccurrences(of: "reviewer: 9", with: "reviewer: 8"))
        try repo.write("queue/CONTENT-010.md", try repo.read("queue/CONTENT-010.md")
            .replacingOccurrences(of: "---\nBrief", with: "platform_post_id: fake-1\n---\nBrief"))
        let commit = try repo.commit("Skip ahead", author: "Human Lead", email: "lead@example.com")
        let problems = try validate(repo).problems
        XCTAssertEqual(problems.map(\.path), ["queue/CONTENT-010.md", "reviews/CONTENT-010.canon.md"])
        XCTAssertTrue(problems[0].message.hasSuffix("in \(commit.prefix(7)): changed 'platform_post_id'; only the bot (chase-bot@users.noreply.github.com) writes it"))
        XCTAssertTrue(problems[1].message.hasSuffix("created this review; only the bot (chase-bot@users.noreply.github.com) creates review files"))
    }

    func testEachCommitIsJudgedByItsOwnAuthor() throws {
        let repo = try reviewedRepo()
        try setReviewStatus(repo, "changes_requested")
        try repo.commit("Changes requested", author: "Agent 09", email: "agent09@example.com")
        let text = try repo.read(reviewPath).replacingOccurrences(of: "status: changes_requested", with: "status: approved")
        try repo.write(reviewPath, text)
        let bad = try repo.commit("Overrule the reviewer", author: "Agent 02", email: "agent02@example.com")
        let report = try validate(repo)
        XCTAssertEqual(report.commitsChecked, 2)
        XCTAssertEqual(report.problems.count, 1)
        XCTAssertTrue(report.problems[0].message.contains("in \(bad.prefix(7)):"))
    }

    func testTheBotsOwnCommitsOnTheBranchPass() throws {
        let repo = try reviewedRepo()
        // A second content task completed on the branch, and the bot ticking the branch.
        try repo.write("queue/CONTENT-011.md", TaskText.make("CONTENT-011", tier: 3, status: "complete", assignee: 2))
        try repo.commit("CONTENT-011 done", author: "Agent 02", email: "agent02@example.com")
        let report = try Tick(options: .init(repoPath: repo.path, branch: "feature", now: Timestamp.parse("2026-01-09T11:00:00Z")!)).run()
        XCTAssertTrue(report.writes.contains("reviews/CONTENT-011.coordinator.md"))
        XCTAssertEqual(try validate(repo).problems, [])
    }

    func testMergingTheBaseBranchInIsNotChargedToTheMerger() throws {
        let repo = try reviewedRepo()
        try repo.write("notes.md", "branch work\n")
        try repo.commit("Branch work", author: "Agent 02", email: "agent02@example.com")
        // Meanwhile on main: another task completes and the bot writes its review.
        try repo.git(["checkout", "-q", "main"])
        try repo.write("queue/CONTENT-012.md", TaskText.make("CONTENT-012", tier: 3, status: "complete", assignee: 2))
        try repo.commit("CONTENT-012 done", author: "Agent 02", email: "agent02@example.com")
        _ = try Tick(options: .init(repoPath: repo.path, branch: "main", now: Timestamp.parse("2026-01-09T11:00:00Z")!)).run()
        try repo.git(["checkout", "-q", "feature"])
        try repo.git(["merge", "-q", "--no-edit", "main"], env: ["GIT_AUTHOR_EMAIL": "agent02@example.com", "GIT_COMMITTER_EMAIL": "agent02@example.com"])
        XCTAssertEqual(try validate(repo).problems, [])
    }

    func testCommitsTheBaseAlreadyHasAreNotChecked() throws {
        let repo = try reviewedRepo()
        try setReviewStatus(repo, "approved")
        try repo.commit("Approve my own tweet", author: "Agent 02", email: "agent02@example.com")
        XCTAssertEqual(try validate(repo, base: "feature").commitsChecked, 0)
        XCTAssertEqual(try validate(repo, base: "feature").problems, [])
    }

    func testThePolicyIsTheParentCommitsSoACommitCannotGrantItself() throws {
        let repo = try reviewedRepo()
        try repo.write(".chase/config.yml", "maintainers: [agent02@example.com]\n")
        try setReviewStatus(repo, "approved")
        try repo.commit("Make me a maintainer and approve", author: "Agent 02", email: "agent02@example.com")
        let problems = try validate(repo).problems
        XCTAssertEqual(problems.map(\.path), [".chase/config.yml", reviewPath])
        XCTAssertTrue(problems[0].message.hasSuffix("changed the config (.chase/config.yml); only a maintainer may change .github/ and .chase/"))
        XCTAssertTrue(problems[1].message.hasSuffix("only its reviewer (agent 09) or a maintainer may set it"))
    }

    func testAMaintainerAddedByAMaintainerCountsFromTheNextCommit() throws {
        let repo = try reviewedRepo()
        try repo.write(".chase/config.yml", "maintainers: [lead@example.com, agent02@example.com]\n")
        try repo.commit("Agent 02 joins the maintainers", author: "Human Lead", email: "lead@example.com")
        try setReviewStatus(repo, "approved")
        try repo.commit("Approve as a maintainer", author: "Agent 02", email: "agent02@example.com")
        let report = try validate(repo)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.commitsChecked, 2)
    }

    // MARK: - Through the binary

    func testProblemsPrintAsFileLineMessageAndExitOne() throws {
        let repo = try TestRepo()
        try repo.write("queue/CONTENT-10.md", TaskText.make("CONTENT-10", dependsOn: ["LORE-99"]))
        try repo.write("queue/CONTENT-010.md", TaskText.make("CONTENT-010"))
        try repo.write("queue/OPS-2.md", TaskText.make("OPS-2", type: "ops", extra: ["output: ../secrets.txt"]))
        try repo.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", dependsOn: ["LORE-2"]))
        try repo.write("queue/LORE-2.md", TaskText.make("LORE-2", type: "lore", dependsOn: ["LORE-1"]))
        try repo.write("queue/OPS-1.md", "---\ntitle: no id\ntype: ops\n---\n")
        try repo.commit("A broken queue")
        let result = try ChaseBinary.run(["validate", "--repo", repo.path])
        XCTAssertEqual(result.status, 1, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for expected in [
            "queue/OPS-2.md:8: output '../secrets.txt' must be a path inside outputs/",
            "queue/OPS-1.md:1: missing required key 'id'",
            "queue/CONTENT-010.md:2: duplicate id: CONTENT-010 and CONTENT-10 are the same task number",
            "queue/CONTENT-10.md:2: duplicate id: CONTENT-10 and CONTENT-010 are the same task number",
            "queue/CONTENT-10.md:8: depends_on names LORE-99, which does not exist",
            "queue/LORE-1.md:7: dependency cycle: LORE-1 → LORE-2 → LORE-1",
            "queue/LORE-2.md:7: dependency cycle: LORE-1 → LORE-2 → LORE-1",
        ] {
            XCTAssertTrue(lines.contains(expected), "missing \(expected) in\n\(result.stdout)")
        }
        XCTAssertTrue(lines.last?.hasPrefix("7 problems (checked ") == true, result.stdout)
        XCTAssertEqual(result.stderr, "", "no annotations outside GitHub Actions")
    }

    func testUnderGitHubActionsEachProblemIsAlsoAnErrorAnnotation() throws {
        let repo = try TestRepo()
        try repo.write("queue/CONTENT-10.md", TaskText.make("CONTENT-10", dependsOn: ["LORE-99"]))
        try repo.commit("Unknown dependency")
        let result = try ChaseBinary.run(["validate", "--repo", repo.path, "--json"], env: ["GITHUB_ACTIONS": "true"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "::error file=queue/CONTENT-10.md,line=8,title=chase validate::depends_on names LORE-99, which does not exist\n")
        let problems = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        XCTAssertEqual(problems?.first?["line"] as? Int, 8)
    }

    func testACleanPullRequestPassesThroughTheBinary() throws {
        let repo = try reviewedRepo()
        try repo.write("outputs/content/tweet.md", "Hello\n")
        try repo.commit("Draft", author: "Agent 02", email: "agent02@example.com")
        let result = try ChaseBinary.run(["validate", "--base", "main"], in: repo.path)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("no problems (checked "), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix(" and 1 commit since \(try repo.rev("main").prefix(7)))\n"), result.stdout)
    }

    func testAReviewFileMadeByAPersonFailsThroughTheBinary() throws {
        let repo = try reviewedRepo()
        try repo.write("reviews/CONTENT-010.coordinator.md", try repo.read(reviewPath)
            .replacingOccurrences(of: "cultural", with: "coordinator").replacingOccurrences(of: "reviewer: 9", with: "reviewer: 0"))
        let commit = try repo.commit("Ask the coordinator myself", author: "Agent 02", email: "agent02@example.com")
        let result = try ChaseBinary.run(["validate", "--repo", repo.path, "--base", try repo.rev("main")], env: ["GITHUB_ACTIONS": "true"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("reviews/CONTENT-010.coordinator.md:1: Agent 02 <agent02@example.com> in \(commit.prefix(7)): created this review"), result.stdout)
        XCTAssertTrue(result.stderr.hasPrefix("::error file=reviews/CONTENT-010.coordinator.md,line=1,title=chase validate::Agent 02"), result.stderr)
    }

    func testAnUnknownBaseIsAOneLineErrorWithExitTwo() throws {
        let repo = try reviewedRepo()
        let result = try ChaseBinary.run(["validate", "--repo", repo.path, "--base", "no-such-branch"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "chase: 'no-such-branch' is not a branch, tag, remote branch or full commit id of this repository\n")
        XCTAssertEqual(result.stdout, "")
    }

    func testAShallowCloneSaysTheHistoryIsIncomplete() throws {
        let repo = try reviewedRepo()
        try repo.git(["tag", "base", "main~2"])
        let clone = repo.root.appendingPathComponent("shallow").path
        try repo.git(["clone", "-q", "--depth", "1", "--branch", "feature", "file://\(repo.path)", clone], in: repo.root.path)
        try repo.git(["fetch", "-q", "--depth", "1", "origin", "tag", "base"], in: clone)
        let result = try ChaseBinary.run(["validate", "--repo", clone, "--base", "base"])
        XCTAssertEqual(result.status, 2, result.stdout)
        XCTAssertTrue(result.stderr.hasPrefix("chase: the history from "), result.stderr)
        XCTAssertTrue(result.stderr.contains("is incomplete (a shallow clone: fetch the whole history"), result.stderr)
    }
}
