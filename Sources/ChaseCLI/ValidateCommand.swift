import ArgumentParser
import ChaseArguments
import Chase
import ChaseCore
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "The pull-request check: every problem of the queue, and changes their authors may not make; exit 1 on any.",
        discussion: """
        Checks .chase/config.yml and the task and review files at a commit: a config a tick would \
        refuse, files that do not parse, missing or wrong keys, \
        ids that do not match their file names, duplicate ids, unknown dependencies, dependency \
        cycles, output paths outside outputs/. With --base it also walks the commits from the base \
        to that commit (first parent) and checks each change against the policy of the commit's \
        parent: only a review's reviewer or a maintainer sets its status; only the bot creates \
        review files and writes revision, escalated_at, review_escalated_at, platform_post_id and \
        approved_output; only the bot or a maintainer moves a task to in_review, approved, \
        scheduled or published, or deletes such a task; an agent changes only its own tasks; only \
        a task's assignee or a maintainer changes its output file; once \
        maintainers are listed, only they change .chase/ and .github/; only the bot's own commits \
        carry Chase-Processed and Chase-Event trailers. A merge counts as the base's work only \
        where it leaves a file as the base's tip has it.

        Who made the changes: with --actor LOGIN every change is judged as that GitHub account \
        (a pull request's author, which GitHub vouches for: "@login" entries of maintainers and \
        agents' github lists give it a role, else it is a contributor); with --agent N as agent N \
        (the agents workflow's job for that agent). Without either, each commit is judged by the \
        author email it claims. An email proves nothing — anyone can commit as the bot or a \
        maintainer — so a check that guards a repository must pass --actor or --agent.

        Each problem prints as file:line: message; inside GitHub Actions also as an error \
        annotation on the file. Exit status: 0 clean, 1 problems found, 2 when the check cannot run \
        (not a repository, an unknown revision, an incomplete history, an option it cannot use).

        Examples:
          chase validate
          chase validate --base origin/main
          chase validate --rev feature-branch --base main --json
          chase validate --base "$BASE_SHA" --actor "$PR_AUTHOR"   # in a pull_request workflow
          chase validate --base origin/main --agent 2              # an agent's run, before pushing it
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("The commit to check (default: HEAD).", valueName: "REV"))
    var rev: String?

    @Option(name: .long, help: ArgumentHelp("Also check who changed what in the commits since this one (branch, remote branch, tag or full commit id).", valueName: "REV"))
    var base: String?

    @Option(name: .long, help: ArgumentHelp("Judge every change since --base as this GitHub account (the pull request's author).", valueName: "LOGIN"))
    var actor: String?

    @Option(name: .long, help: ArgumentHelp("Judge every change since --base as this agent (its run in the agents workflow).", valueName: "N"))
    var agent: AgentNumber?

    func validate() throws {
        if actor != nil, agent != nil { throw ValidationError("give --actor or --agent, not both") }
        if actor != nil || agent != nil, base == nil { throw ValidationError("--actor and --agent judge the changes since --base; give --base") }
        if let actor, !ChangeActor.isLogin(actor) { throw ValidationError("--actor '\(actor)' is not a GitHub login") }
    }

    func run() throws {
        let who: ChangeActor = actor.map { .login($0) } ?? agent.map { .agent($0.value) } ?? .commitAuthors
        let report = try Validation.run(repoPath: common.repo, revision: rev, base: base, actor: who)
        let actions = GitHubActions()
        if actions.isActive {
            // On standard error, so that --json stays clean; the runner reads workflow commands from both.
            for p in report.problems {
                FileHandle.standardError.write(Data((GitHubActions.annotation(for: p, title: "chase validate") + "\n").utf8))
            }
        }
        if common.json {
            // The problems alone: scripts read this array.
            printJSON(report.problems)
        } else {
            for p in report.problems { print(p.description) }
            let checked = report.base.map { " and \(report.commitsChecked) commit\(report.commitsChecked == 1 ? "" : "s") since \($0.prefix(7))" } ?? ""
            let summary = report.problems.isEmpty ? "no problems" : "\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")"
            print("\(summary) (checked \(report.commit.prefix(7))\(checked))")
        }
        if !report.problems.isEmpty { throw ExitCode(1) }
    }
}
