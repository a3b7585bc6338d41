import XCTest
@testable import ChaseCore

/// Who may change what: review verdicts, bot-owned keys, review files, statuses the rules decide, the config.
final class ChangePolicyTests: XCTestCase {
    private let policy: ChangePolicy = {
        var config = Config.default
        config.agents[9].identities = ["cultural@agents.example"]
        config.agents[2].identities = ["content@agents.example"]
        config.maintainers = ["Lead@Example.com"]
        return ChangePolicy(config: config)
    }()

    private func author(_ email: String, _ name: String = "Someone") -> ChangePolicy.Author {
        ChangePolicy.Author(name: name, email: email, commit: "0123456789abcdef0123456789abcdef01234567")
    }

    private func review(status: String = "pending", reviewer: Int = 9, extra: [String] = []) -> [UInt8] {
        let lines = ["---", "id: CONTENT-010.cultural", "task: CONTENT-010", "type: cultural", "reviewer: \(reviewer)",
                     "status: \(status)", "requested: 2026-01-09T10:00:00Z", "due: 2026-01-09T11:00:00Z"] + extra + ["---", "Notes.", ""]
        return Array(lines.joined(separator: "\n").utf8)
    }

    private func task(status: String = "in_progress", extra: [String] = []) -> [UInt8] {
        let lines = ["---", "id: CONTENT-010", "title: A tweet", "type: content", "content_type: tweet", "status: \(status)",
                     "assignee: 2"] + extra + ["---", "Brief.", ""]
        return Array(lines.joined(separator: "\n").utf8)
    }

    private let reviewPath = "reviews/CONTENT-010.cultural.md", taskPath = "queue/CONTENT-010.md"

    func testTheReviewerMaySetItsReviewStatus() {
        let problems = policy.problems(path: reviewPath, old: review(), new: review(status: "approved"),
                                       by: author("cultural@agents.example"))
        XCTAssertEqual(problems, [])
    }

    func testAnotherAgentMayNotSetAReviewStatus() {
        let problems = policy.problems(path: reviewPath, old: review(), new: review(status: "approved"),
                                       by: author("content@agents.example"))
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems[0].line, 6)
        XCTAssertEqual(problems[0].description,
                       "reviews/CONTENT-010.cultural.md:6: agent 02 (content@agents.example) in 0123456: changed the review's status; "
                       + "only its reviewer (agent 09) or a maintainer may set it")
    }

    func testAPersonWhoIsNoMaintainerMayNotSetAReviewStatus() {
        let problems = policy.problems(path: reviewPath, old: review(), new: review(status: "approved"), by: author("jo@example.com", "Jo"))
        XCTAssertEqual(problems.map(\.message), ["Jo <jo@example.com> in 0123456: changed the review's status; only its reviewer (agent 09) or a maintainer may set it"])
    }

    func testAMaintainerMaySetAReviewStatusWhateverTheCaseOfTheEmail() {
        XCTAssertEqual(policy.problems(path: reviewPath, old: review(), new: review(status: "rejected"), by: author("lead@example.COM")), [])
    }

    func testTheReviewerIsReadFromTheOldFileSoItCannotReassignItselfAndApprove() {
        let problems = policy.problems(path: reviewPath, old: review(reviewer: 8), new: review(status: "approved", reviewer: 2),
                                       by: author("content@agents.example"))
        XCTAssertEqual(Set(problems.map(\.line)), [5, 6])
        XCTAssertTrue(problems.contains { $0.message.contains("only its reviewer (agent 08)") })
        XCTAssertTrue(problems.contains { $0.message.contains("only the bot or a maintainer may change a review's reviewer") })
    }

    func testOnlyTheBotClosesAReview() {
        let problems = policy.problems(path: reviewPath, old: review(), new: review(status: "closed"), by: author("cultural@agents.example"))
        XCTAssertEqual(problems.map(\.message), ["agent 09 (cultural@agents.example) in 0123456: set the review's status to closed; only the bot closes a review"])
    }

    func testTheReviewerMayWriteNotesAndOwnKeysButNotBotOwnedOnes() {
        XCTAssertEqual(policy.problems(path: reviewPath, old: review(), new: review(status: "approved", extra: ["notes: fine"]),
                                       by: author("cultural@agents.example")), [])
        let problems = policy.problems(path: reviewPath, old: review(), new: review(extra: ["escalated_at: 2026-01-09T12:00:00Z"]),
                                       by: author("cultural@agents.example"))
        XCTAssertEqual(problems.map(\.message), ["agent 09 (cultural@agents.example) in 0123456: changed 'escalated_at'; only the bot (chase-bot@users.noreply.github.com) writes it"])
    }

    func testOnlyTheBotCreatesReviewFilesEvenForAMaintainer() {
        let problems = policy.problems(path: reviewPath, old: nil, new: review(), by: author("lead@example.com"))
        XCTAssertEqual(problems.map(\.message), ["Someone <lead@example.com> in 0123456: created this review; only the bot (chase-bot@users.noreply.github.com) creates review files"])
        XCTAssertEqual(policy.problems(path: reviewPath, old: nil, new: review(), by: ChangePolicy.Author(.bot, commit: "c")), [])
        XCTAssertEqual(policy.problems(path: reviewPath, old: nil, new: review(), by: author("chase-bot@users.noreply.github.com")).count, 1,
                       "the bot's email alone is a claim, not the bot")
    }

    func testDeletingAReviewNeedsAMaintainer() {
        XCTAssertEqual(policy.problems(path: reviewPath, old: review(), new: nil, by: author("cultural@agents.example")).count, 1)
        XCTAssertEqual(policy.problems(path: reviewPath, old: review(), new: nil, by: author("lead@example.com")), [])
    }

    func testBotOwnedTaskKeysAreTheBotsEvenForAMaintainer() {
        for key in ChangePolicy.botOwnedTaskKeys {
            let value = key.hasSuffix("_at") ? "2026-01-09T12:00:00Z" : key == "revision" ? "2" : "post-1"
            let problems = policy.problems(path: taskPath, old: task(), new: task(extra: ["\(key): \(value)"]), by: author("lead@example.com"))
            XCTAssertEqual(problems.map(\.line), [8], key)
            XCTAssertTrue(problems[0].message.hasSuffix("changed '\(key)'; only the bot (chase-bot@users.noreply.github.com) writes it"), key)
        }
    }

    func testRemovingABotOwnedKeyIsAChangeToo() {
        let problems = policy.problems(path: taskPath, old: task(extra: ["revision: 2"]), new: task(), by: author("content@agents.example"))
        XCTAssertEqual(problems.map(\.line), [1])
    }

    func testANewTaskMayNotCarryBotOwnedKeys() {
        let problems = policy.problems(path: taskPath, old: nil, new: task(status: "pending", extra: ["platform_post_id: 123"]),
                                       by: author("content@agents.example"))
        XCTAssertEqual(problems.count, 1)
    }

    func testTheAssigneeMayStartAndCompleteButNotApproveItsTask() {
        let agent = author("content@agents.example")
        XCTAssertEqual(policy.problems(path: taskPath, old: task(status: "pending"), new: task(status: "complete"), by: agent), [])
        for status in ["in_review", "approved", "scheduled", "published"] {
            let problems = policy.problems(path: taskPath, old: task(status: "complete"), new: task(status: status), by: agent)
            XCTAssertEqual(problems.map(\.message), ["agent 02 (content@agents.example) in 0123456: set status to \(status); only the bot (or a maintainer) moves a task there"])
        }
        XCTAssertEqual(policy.problems(path: taskPath, old: task(status: "complete"), new: task(status: "approved"), by: author("lead@example.com")), [])
    }

    func testTheBotMayChangeAnything() {
        let bot = ChangePolicy.Author(.bot, commit: "0123456789abcdef0123456789abcdef01234567")
        XCTAssertEqual(policy.problems(path: taskPath, old: task(), new: task(status: "approved", extra: ["revision: 3"]), by: bot), [])
        XCTAssertEqual(policy.problems(path: reviewPath, old: review(), new: review(status: "closed"), by: bot), [])
    }

    func testAFileBrokenInAnEarlierCommitHidesNothingOfTheNextOne() {
        let broken: [UInt8] = Array("---\nid: [unclosed\n---\n".utf8)
        let problems = policy.problems(path: taskPath, old: broken, new: task(extra: ["revision: 4"]), by: author("content@agents.example"))
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(policy.problems(path: taskPath, old: task(), new: broken, by: author("content@agents.example")), [])
    }

    func testFilesOutsideTheQueueAreNotPoliced() {
        XCTAssertEqual(policy.problems(path: "outputs/x.md", old: nil, new: review(), by: author("jo@example.com")), [])
    }

    func testOnlyMaintainersChangeTheMachineryOnceThereAreAny() {
        XCTAssertNil(policy.machineryProblem(path: ".chase/config.yml", by: author("lead@example.com")))
        XCTAssertEqual(policy.machineryProblem(path: ".chase/config.yml", by: author("content@agents.example"))?.description,
                       ".chase/config.yml:1: agent 02 (content@agents.example) in 0123456: changed the config (.chase/config.yml); "
                       + "only a maintainer may change .github/ and .chase/")
        XCTAssertNotNil(policy.machineryProblem(path: ".github/workflows/tick.yml", by: author("jo@example.com")))
        XCTAssertNil(policy.machineryProblem(path: "outputs/x.md", by: author("jo@example.com")))
        XCTAssertNil(ChangePolicy(config: .default).machineryProblem(path: ".chase/config.yml", by: author("jo@example.com")))
    }

    func testMaintainersAreReadFromTheConfigFile() throws {
        var config = Config.default
        try PolicySettingsReader.apply(root: try XCTUnwrap(try YAMLReader.read(Array("maintainers: [\"@lead\", p@example.com]\n".utf8))), to: &config)
        XCTAssertEqual(config.maintainers, ["@lead", "p@example.com"])
        XCTAssertThrowsError(try PolicySettingsReader.apply(root: try XCTUnwrap(try YAMLReader.read(Array("notifications: {}\nmaintainers:\n  - the lead\n".utf8))), to: &config)) {
            XCTAssertEqual(($0 as? FileProblem)?.description, ".chase/config.yml:3: maintainers: 'the lead' is neither a GitHub login (@name) nor an email address")
        }
        XCTAssertThrowsError(try PolicySettingsReader.apply(root: try XCTUnwrap(try YAMLReader.read(Array("maintainers: [\"@no such\"]\n".utf8))), to: &config)) {
            XCTAssertEqual(($0 as? FileProblem)?.description, ".chase/config.yml:1: maintainers: '@no such' is not a GitHub login")
        }
    }

    // MARK: - Who: logins, agents' runs, the bot

    private func login(_ name: String) -> ChangePolicy.Author { ChangePolicy.Author(.login(name), commit: String(repeating: "a", count: 40)) }

    private let byLogin: ChangePolicy = {
        var config = Config.default
        config.agents[9].github = ["culture-bot"]
        config.maintainers = ["@Lead", "lead@example.com"]
        return ChangePolicy(config: config)
    }()

    func testALoginIsAMaintainerOnlyThroughAnAtEntryAndAnAgentThroughItsGithubList() {
        XCTAssertTrue(byLogin.isMaintainer(login("lead")))
        XCTAssertTrue(byLogin.isMaintainer(login("@LEAD")))
        XCTAssertFalse(byLogin.isMaintainer(login("lead@example.com")), "an email entry is no login")
        XCTAssertEqual(byLogin.agentNumber(login("Culture-Bot")), 9)
        XCTAssertNil(byLogin.agentNumber(login("mallory")))
        XCTAssertFalse(byLogin.isBot(login("chase-bot")), "no login is the bot")
        XCTAssertEqual(byLogin.problems(path: reviewPath, old: review(), new: review(status: "approved"), by: login("culture-bot")), [])
        XCTAssertEqual(byLogin.problems(path: reviewPath, old: review(), new: review(status: "approved"), by: login("mallory")).map(\.message),
                       ["@mallory in aaaaaaa: changed the review's status; only its reviewer (agent 09) or a maintainer may set it"])
    }

    func testAnAgentsRunIsNeverAMaintainers() {
        let agent = ChangePolicy.Author(.agent(2), commit: String(repeating: "b", count: 40))
        XCTAssertFalse(byLogin.isMaintainer(agent))
        XCTAssertEqual(byLogin.describe(agent), "agent 02")
        XCTAssertEqual(byLogin.problems(path: taskPath, old: task(), new: task(status: "approved"), by: agent).map(\.message),
                       ["agent 02 in bbbbbbb: set status to approved; only the bot (or a maintainer) moves a task there"])
    }

    func testAnAgentMayNotChangeAnotherAgentsTask() {
        let agent = ChangePolicy.Author(.agent(3), commit: String(repeating: "b", count: 40))
        XCTAssertEqual(byLogin.problems(path: taskPath, old: task(), new: task(status: "complete"), by: agent).map(\.description),
                       ["queue/CONTENT-010.md:7: agent 03 in bbbbbbb: changed agent 02's task; an agent changes only the tasks assigned to it"])
        XCTAssertEqual(byLogin.problems(path: taskPath, old: task(), new: task(status: "complete"), by: ChangePolicy.Author(.agent(2), commit: "c")), [])
    }

    func testADeletionIsJudgedLikeAnEdit() {
        XCTAssertEqual(byLogin.problems(path: taskPath, old: task(status: "scheduled"), new: nil, by: login("mallory")).map(\.message),
                       ["@mallory in aaaaaaa: deleted a task in status scheduled; only a maintainer may delete it"])
        XCTAssertEqual(byLogin.problems(path: taskPath, old: task(), new: nil, by: ChangePolicy.Author(.agent(3), commit: "c")).map(\.message),
                       ["agent 03 in c: deleted agent 02's task; only its assignee or a maintainer may delete it"])
        XCTAssertEqual(byLogin.problems(path: taskPath, old: task(), new: nil, by: ChangePolicy.Author(.agent(2), commit: "c")), [])
        XCTAssertEqual(byLogin.problems(path: taskPath, old: task(status: "approved"), new: nil, by: login("lead")), [])
    }

    func testOnlyTheBotsCommitsCarryItsTrailers() {
        let message = "Draft\n\nChase-Processed: 0123\n"
        XCTAssertEqual(byLogin.trailerProblem(message: message, by: login("mallory"))?.description,
                       "commit aaaaaaa: @mallory: the message carries a Chase-Processed trailer; only the bot's own commits may")
        XCTAssertNil(byLogin.trailerProblem(message: message, by: ChangePolicy.Author(.bot, commit: "c")))
        XCTAssertNil(byLogin.trailerProblem(message: "Mentions Chase-Event: in the middle of a line", by: login("mallory")))
    }

    func testGitHubLoginsAreCheckedAsGitHubSpellsThem() {
        for good in ["lead", "@lead", "a-b", "my-app[bot]", String(repeating: "x", count: 39)] { XCTAssertTrue(ChangeActor.isLogin(good), good) }
        for bad in ["", "@", "-a", "a-", "a--b", "a b", "a@b.c", String(repeating: "x", count: 40), "ä"] { XCTAssertFalse(ChangeActor.isLogin(bad), bad) }
    }

    // The review of an agent's own work, and a write of `chase mcp` (no commit yet).

    func testAnAgentMayNotAnswerTheReviewOfItsOwnWork() {
        // Agent 09 reviews CONTENT-010, which is assigned to agent 09 itself.
        let agent = ChangePolicy.Author(.agent(9), commit: "")
        let problems = policy.problems(path: reviewPath, old: review(), new: review(status: "approved"), by: agent) { _ in 9 }
        XCTAssertEqual(problems.map(\.message), ["agent 09: answered the review of its own work; another agent or a maintainer must"])
        XCTAssertEqual(policy.problems(path: reviewPath, old: review(), new: review(status: "approved"), by: agent) { _ in 2 }, [])
    }
}
