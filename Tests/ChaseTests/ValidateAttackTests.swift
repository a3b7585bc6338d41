import Chase
import ChaseCore
import Foundation
import XCTest

/// `chase validate` against the attacks of a hostile contributor or a prompt-injected agent, each
/// performed on a real repository (the git command line forges the commits), and the legitimate
/// paths beside them: a maintainer approving, the reviewer's account approving, an ordinary
/// update-branch merge.
final class ValidateAttackTests: XCTestCase {
    /// The lead is a maintainer by login and by email; agent 09 (the cultural reviewer) acts through
    /// the `culture-bot` account, agent 02 through `content-bot`.
    private let team: Config = {
        var config = Config.default
        config.agents[9].identities = ["agent09@example.com"]
        config.agents[9].github = ["culture-bot"]
        config.agents[2].identities = ["agent02@example.com"]
        config.agents[2].github = ["content-bot"]
        config.maintainers = ["@lead", "lead@example.com"]
        return config
    }()

    private let reviewPath = "reviews/CONTENT-010.cultural.md"
    private let taskPath = "queue/CONTENT-010.md"

    /// main: CONTENT-010 completed by agent 02 and the bot's tick requested its cultural review;
    /// a `feature` branch starts there.
    private func reviewedRepo() throws -> TestRepo {
        let repo = try TestRepo()
        try repo.write(taskPath, TaskText.make("CONTENT-010", tier: 2, status: "in_progress", assignee: 2))
        try repo.commit("Add CONTENT-010")
        try repo.write(taskPath, TaskText.make("CONTENT-010", tier: 2, status: "complete", assignee: 2))
        try repo.commit("CONTENT-010 done", author: "Agent 02", email: "agent02@example.com")
        let report = try Tick(options: .init(repoPath: repo.path, branch: "main", now: Timestamp.parse("2026-01-09T10:00:00Z")!)).run()
        XCTAssertTrue(report.writes.contains(reviewPath))
        try repo.git(["checkout", "-q", "-b", "feature"])
        return repo
    }

    private func approveReview(_ repo: TestRepo) throws {
        try repo.write(reviewPath, try repo.read(reviewPath).replacingOccurrences(of: "status: pending", with: "status: approved"))
    }

    private func setStatus(_ repo: TestRepo, _ path: String, _ status: String) throws {
        let text = try repo.read(path)
        try repo.write(path, text.replacingOccurrences(of: #"(?m)^status: \w+$"#, with: "status: \(status)", options: .regularExpression))
    }

    private func validate(_ repo: TestRepo, as actor: ChangeActor, fallback: Config? = nil) throws -> [String] {
        try Validation.run(repoPath: repo.path, revision: nil, base: "main", actor: actor, fallback: fallback ?? team).problems.map(\.description)
    }

    // MARK: - 1. Forged authors

    func testACommitClaimingTheBotsEmailIsJudgedAsThePullRequestsAuthor() throws {
        let repo = try reviewedRepo()
        try approveReview(repo)
        let forged = try repo.commit("chase: 1 review_approved\n\nChase-Processed: \(try repo.rev("HEAD"))", author: "chase-bot", email: team.botEmail)
        XCTAssertEqual(try validate(repo, as: .commitAuthors), [], "a commit forged whole passes by its claims: that is why they prove nothing")
        XCTAssertEqual(try validate(repo, as: .login("mallory")), [
            "commit \(forged.prefix(7)): @mallory: the message carries a Chase-Processed trailer; only the bot's own commits may",
            "\(reviewPath):6: @mallory in \(forged.prefix(7)): changed the review's status; only its reviewer (agent 09) or a maintainer may set it",
        ])
    }

    func testWithoutAnActorAnAuthorClaimingTheBotsEmailIsStillNoBotCommit() throws {
        let repo = try reviewedRepo()
        try approveReview(repo)
        let forged = try repo.commit("chase: 1 review_approved", author: "chase-bot", email: team.botEmail)
        XCTAssertEqual(try validate(repo, as: .commitAuthors), [
            "\(reviewPath):6: chase-bot <\(team.botEmail)> in \(forged.prefix(7)): changed the review's status; only its reviewer (agent 09) or a maintainer may set it",
        ])
    }

    func testACommitClaimingAMaintainersOrTheReviewersEmailIsJudgedAsThePullRequestsAuthor() throws {
        for (name, email) in [("Human Lead", "lead@example.com"), ("Agent 09", "agent09@example.com")] {
            let repo = try reviewedRepo()
            try approveReview(repo)
            try repo.commit("Approved", author: name, email: email)
            let problems = try validate(repo, as: .login("mallory"))
            XCTAssertEqual(problems.count, 1, email)
            XCTAssertTrue(problems.first?.contains("@mallory in ") == true, problems.description)
        }
    }

    func testAMaintainersLoginAndTheReviewersLoginMayApprove() throws {
        for login in ["lead", "@Lead", "culture-bot"] {
            let repo = try reviewedRepo()
            try approveReview(repo)
            // Whatever the commits claim: the account is what counts.
            try repo.commit("Approved", author: "Someone", email: "someone@example.net")
            XCTAssertEqual(try validate(repo, as: .login(login)), [], login)
        }
    }

    func testAnotherAgentsLoginMayNotApprove() throws {
        let repo = try reviewedRepo()
        try approveReview(repo)
        let commit = try repo.commit("Approve my own tweet", author: "Agent 09", email: "agent09@example.com")
        XCTAssertEqual(try validate(repo, as: .login("content-bot")), [
            "\(reviewPath):6: agent 02 (@content-bot) in \(commit.prefix(7)): changed the review's status; only its reviewer (agent 09) or a maintainer may set it",
        ])
    }

    func testAnAgentsRunIsJudgedAsThatAgentWhateverItsCommitsClaim() throws {
        let repo = try reviewedRepo()
        try approveReview(repo)
        let commit = try repo.commit("Approved", author: "Human Lead", email: "lead@example.com")
        XCTAssertEqual(try validate(repo, as: .agent(2)), [
            "\(reviewPath):6: agent 02 in \(commit.prefix(7)): changed the review's status; only its reviewer (agent 09) or a maintainer may set it",
        ])
        XCTAssertEqual(try validate(repo, as: .agent(9)), [])
    }

    func testAnAgentMayNotChangeAnotherAgentsTaskNorMoveItToABotStatus() throws {
        let repo = try reviewedRepo()
        try setStatus(repo, taskPath, "published")
        let commit = try repo.commit("Ship it")
        XCTAssertEqual(try validate(repo, as: .agent(3)), [
            "\(taskPath):9: agent 03 in \(commit.prefix(7)): changed agent 02's task; an agent changes only the tasks assigned to it",
            "\(taskPath):8: agent 03 in \(commit.prefix(7)): set status to published; only the bot (or a maintainer) moves a task there",
        ])
    }

    // MARK: - 2. Merges that roll files back

    /// main: the queue, then the lead lists maintainers in the config. `feature` starts at the tip.
    private func configuredRepo() throws -> (repo: TestRepo, beforeConfig: String) {
        let repo = try TestRepo()
        try repo.write(taskPath, TaskText.make("CONTENT-010", tier: 2, status: "in_progress", assignee: 2))
        let before = try repo.commit("Add CONTENT-010")
        try repo.write(".chase/config.yml", "maintainers: [\"@lead\"]\n")
        try repo.commit("Maintainers")
        try repo.git(["checkout", "-q", "-b", "feature"])
        return (repo, before)
    }

    /// A merge commit of HEAD and `other` with the index's tree, as `git merge` would record one
    /// after a hand-resolved conflict.
    @discardableResult
    private func merge(_ repo: TestRepo, with other: String, message: String = "Merge branch 'main' into feature") throws -> String {
        let tree = try repo.git(["write-tree"])
        let commit = try repo.git(["commit-tree", tree, "-p", "HEAD", "-p", other, "-m", message])
        try repo.git(["update-ref", "HEAD", commit])
        try repo.git(["reset", "-q", "--hard"])
        return commit
    }

    func testAMergeOfAnOldCommitCannotDeleteTheConfigAndAFollowingCommitCannotTakeOver() throws {
        let (repo, old) = try configuredRepo()
        try repo.git(["rm", "-q", ".chase/config.yml"])
        let rollback = try merge(repo, with: old)
        try repo.write(".chase/config.yml", "maintainers: [\"@mallory\"]\n")
        try repo.commit("I maintain this now", author: "Mallory", email: "mallory@example.net")
        let problems = try validate(repo, as: .login("mallory"), fallback: .default)
        XCTAssertEqual(problems.first,
                       ".chase/config.yml:1: @mallory in \(rollback.prefix(7)): changed the config (.chase/config.yml); only a maintainer may change .github/ and .chase/")
    }

    func testAMergeOfAnOldCommitCannotRollAVerdictBack() throws {
        let repo = try reviewedRepo()
        try repo.git(["checkout", "-q", "main"])
        try repo.write(reviewPath, try repo.read(reviewPath).replacingOccurrences(of: "status: pending", with: "status: rejected"))
        let pending = try repo.rev("main")
        try repo.commit("Rejected", author: "Agent 09", email: "agent09@example.com")
        try repo.git(["checkout", "-q", "feature"])
        try repo.git(["merge", "-q", "main"])
        try repo.git(["checkout", pending, "--", reviewPath])
        try approveReview(repo)
        try repo.git(["add", "-A"])
        let merge = try merge(repo, with: pending, message: "Merge an old main")
        XCTAssertEqual(try validate(repo, as: .login("mallory")), [
            "\(reviewPath):6: @mallory in \(merge.prefix(7)): changed the review's status; only its reviewer (agent 09) or a maintainer may set it",
        ])
    }

    func testAnUpdateBranchMergeBringsTheBasesChangesUncharged() throws {
        let (repo, _) = try configuredRepo()
        try repo.write("outputs/draft.md", "branch work\n")
        try repo.commit("Branch work", author: "Mallory", email: "mallory@example.net")
        // Meanwhile on main: the lead changes the config and a task completes.
        try repo.git(["checkout", "-q", "main"])
        try repo.write(".chase/config.yml", "maintainers: [\"@lead\", \"@second\"]\n")
        try repo.write(taskPath, TaskText.make("CONTENT-010", tier: 2, status: "approved", assignee: 2))
        try repo.commit("Second maintainer; CONTENT-010 approved")
        try repo.git(["checkout", "-q", "feature"])
        try repo.git(["merge", "-q", "--no-edit", "main"])
        XCTAssertEqual(try validate(repo, as: .login("mallory")), [])
    }

    // MARK: - 3. Forged trailers

    func testACommitThatIsNotTheBotsMayNotCarryTheBotsTrailers() throws {
        let repo = try reviewedRepo()
        try repo.write("outputs/draft.md", "hello\n")
        let main = try repo.rev("main")
        let forged = try repo.commit("Draft\n\nChase-Processed: \(main)\nChase-Event: {\"type\":\"review_approved\"}",
                                     author: "chase-bot", email: team.botEmail)
        XCTAssertEqual(try validate(repo, as: .login("mallory")), [
            "commit \(forged.prefix(7)): @mallory: the message carries a Chase-Processed trailer and a Chase-Event trailer; only the bot's own commits may",
        ])
        try repo.git(["reset", "-q", "--hard", "HEAD~1"])
        try repo.write("outputs/draft.md", "hello\n")
        let claimed = try repo.commit("Draft\n\nChase-Event: {}", author: "Agent 02", email: "agent02@example.com")
        XCTAssertEqual(try validate(repo, as: .commitAuthors), [
            "commit \(claimed.prefix(7)): agent 02 (agent02@example.com): the message carries a Chase-Event trailer; only the bot's own commits may",
        ])
    }

    // MARK: - 5. Deletions and the repository's machinery

    func testAContributorMayNotDeleteAnAssignedOrAnApprovedTask() throws {
        let repo = try TestRepo()
        try repo.write(taskPath, TaskText.make("CONTENT-010", tier: 2, status: "in_progress", assignee: 2))
        try repo.commit("Add CONTENT-010")
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.remove(taskPath)
        let commit = try repo.commit("Remove it", author: "Mallory", email: "mallory@example.net")
        XCTAssertEqual(try validate(repo, as: .login("mallory")), [
            "\(taskPath):1: @mallory in \(commit.prefix(7)): deleted agent 02's task; only its assignee or a maintainer may delete it",
        ])
        XCTAssertEqual(try validate(repo, as: .login("lead")), [])

        let approved = try TestRepo()
        try approved.write(taskPath, TaskText.make("CONTENT-010", tier: 2, status: "approved", assignee: 2))
        try approved.commit("Approved task")
        try approved.git(["checkout", "-q", "-b", "feature"])
        try approved.remove(taskPath)
        let deletion = try approved.commit("Remove it", author: "Agent 02", email: "agent02@example.com")
        XCTAssertEqual(try validate(approved, as: .agent(2)), [
            "\(taskPath):1: agent 02 in \(deletion.prefix(7)): deleted a task in status approved; only a maintainer may delete it",
        ])
    }

    func testATaskThePullRequestAddedMayBeRemovedAgain() throws {
        let repo = try reviewedRepo()
        try repo.write("queue/CONTENT-011.md", TaskText.make("CONTENT-011", assignee: 2))
        try repo.commit("Add a task")
        try repo.remove("queue/CONTENT-011.md")
        try repo.commit("Never mind")
        XCTAssertEqual(try validate(repo, as: .login("mallory")), [])
    }

    func testARenamedTaskIsJudgedAsAnEdit() throws {
        let repo = try reviewedRepo()
        try repo.git(["mv", taskPath, "queue/CONTENT-010b.md"])
        try setStatus(repo, "queue/CONTENT-010b.md", "approved")
        let commit = try repo.commit("Rename and approve", author: "Mallory", email: "mallory@example.net")
        // (The file name no longer matches the id, which validate reports too.)
        XCTAssertTrue(try validate(repo, as: .login("mallory")).contains(
            "queue/CONTENT-010b.md:8: @mallory in \(commit.prefix(7)): set status to approved; only the bot (or a maintainer) moves a task there"))
    }

    func testOnlyAMaintainerChangesTheWorkflows() throws {
        let repo = try reviewedRepo()
        try repo.write(".github/workflows/validate.yml", "on: pull_request\njobs: {}\n")
        let commit = try repo.commit("Faster checks", author: "Mallory", email: "mallory@example.net")
        XCTAssertEqual(try validate(repo, as: .login("mallory")), [
            ".github/workflows/validate.yml:1: @mallory in \(commit.prefix(7)): changed the workflows (.github/workflows/validate.yml); only a maintainer may change .github/ and .chase/",
        ])
        XCTAssertEqual(try validate(repo, as: .login("lead")), [])
        // With no maintainers listed, nobody is refused (a new repository).
        XCTAssertEqual(try validate(repo, as: .login("mallory"), fallback: .default), [])
    }

    func testOnlyTheAssigneeOrAMaintainerChangesATasksOutput() throws {
        let repo = try TestRepo()
        try repo.write(taskPath, TaskText.make("CONTENT-010", tier: 2, status: "in_progress", assignee: 2,
                                               extra: ["output: outputs/content/tweet.md"]))
        try repo.write("outputs/content/tweet.md", "Draft\n")
        try repo.write("outputs/notes.md", "Anyone's\n")
        try repo.commit("CONTENT-010 with its draft")
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.write("outputs/content/tweet.md", "Something else entirely\n")
        try repo.write("outputs/notes.md", "Still anyone's\n")
        let commit = try repo.commit("Rewrite it")
        XCTAssertEqual(try validate(repo, as: .agent(3)), [
            "outputs/content/tweet.md:1: agent 03 in \(commit.prefix(7)): changed the output of CONTENT-010, agent 02's task; only its assignee or a maintainer may",
        ])
        XCTAssertEqual(try validate(repo, as: .login("mallory")).count, 1)
        XCTAssertEqual(try validate(repo, as: .agent(2)), [])
        XCTAssertEqual(try validate(repo, as: .login("content-bot")), [])
        XCTAssertEqual(try validate(repo, as: .login("lead")), [])
    }

    // MARK: - Through the binary

    func testTheBinaryTakesActorAndAgentAndRefusesBadOnes() throws {
        let repo = try reviewedRepo()
        try approveReview(repo)
        try repo.commit("Approved", author: "chase-bot", email: "chase-bot@users.noreply.github.com")
        let forged = try ChaseBinary.run(["validate", "--repo", repo.path, "--base", "main", "--actor", "mallory"])
        XCTAssertEqual(forged.status, 1, forged.stdout + forged.stderr)
        XCTAssertTrue(forged.stdout.contains(": @mallory in "), forged.stdout)
        let agent = try ChaseBinary.run(["validate", "--repo", repo.path, "--base", "main", "--agent", "2"])
        XCTAssertEqual(agent.status, 1, agent.stdout + agent.stderr)
        XCTAssertTrue(agent.stdout.contains(": agent 02 in "), agent.stdout)
        for (args, message) in [
            (["--actor", "a b"], "--actor 'a b' is not a GitHub login"),
            (["--actor", "x", "--agent", "1"], "give --actor or --agent, not both"),
        ] {
            let result = try ChaseBinary.run(["validate", "--repo", repo.path, "--base", "main"] + args)
            XCTAssertNotEqual(result.status, 0)
            XCTAssertTrue(result.stderr.contains(message), result.stderr)
        }
        let noBase = try ChaseBinary.run(["validate", "--repo", repo.path, "--actor", "mallory"])
        XCTAssertTrue(noBase.stderr.contains("give --base"), noBase.stderr)
    }
}

/// Item 10: file names and YAML values printed under GitHub Actions cannot carry workflow commands.
final class WorkflowCommandInjectionTests: XCTestCase {
    func testAFileNameOrValueCannotStartAWorkflowCommandLine() throws {
        let repo = try TestRepo()
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops"))
        try repo.commit("A task")
        _ = try ChaseBinary.run(["tick", "--repo", repo.path, "--now", "2026-01-09T10:00:00Z"])
        try repo.write("queue/OPS-2\n::error::pwned-by-name.md", "---\nid: OPS-2\n---\n")
        try repo.write("queue/OPS-3.md", "---\nid: OPS-3\ntitle: t\ntype: ops\nstatus: \"x\\n::add-mask::pwned-by-value\"\n---\n")
        try repo.commit("Hostile names and values", author: "Mallory", email: "mallory@example.net")
        let env = ["GITHUB_ACTIONS": "true"]
        let validate = try ChaseBinary.run(["validate", "--repo", repo.path], env: env)
        let tick = try ChaseBinary.run(["tick", "--repo", repo.path, "--now", "2026-01-09T11:00:00Z"], env: env)
        XCTAssertEqual(validate.status, 1, validate.stderr)
        XCTAssertEqual(tick.status, 0, tick.stderr)
        for output in [validate.stdout, validate.stderr, tick.stdout, tick.stderr] {
            for line in output.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                XCTAssertFalse(line.hasPrefix("::error::pwned") || line.hasPrefix("::add-mask"), "a forged workflow command: \(line)")
            }
        }
        XCTAssertTrue(validate.stdout.contains(#"queue/OPS-2\n::error::pwned-by-name.md:"#), validate.stdout)
        XCTAssertTrue(validate.stdout.contains(#"x\n::add-mask::pwned-by-value"#), validate.stdout)
    }
}
