import ArgumentParser
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
        parent: only a review's reviewer (an agent whose identities hold the author's email) or a \
        maintainer sets its status; only the bot creates review files and writes revision, \
        escalated_at, review_escalated_at and platform_post_id; only the bot or a maintainer moves \
        a task to in_review, approved, scheduled or published; once maintainers are listed, only \
        they change .chase/config.yml.

        Each problem prints as file:line: message; inside GitHub Actions also as an error \
        annotation on the file. Exit status: 0 clean, 1 problems found, 2 when the check cannot run \
        (not a repository, an unknown revision, an incomplete history).

        Examples:
          chase validate
          chase validate --base origin/main
          chase validate --rev feature-branch --base main --json
          chase validate --base "$BASE_SHA"        # in a pull_request workflow
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("The commit to check (default: HEAD).", valueName: "REV"))
    var rev: String?

    @Option(name: .long, help: ArgumentHelp("Also check who changed what in the commits since this one (branch, remote branch, tag or full commit id).", valueName: "REV"))
    var base: String?

    func run() throws {
        let report: ValidationReport
        do {
            report = try Validation.run(repoPath: common.repo, revision: rev, base: base)
        } catch let error as TickError {
            // 2, not 1: the check could not run, which a workflow must not read as "problems found".
            throw fail(error.description, code: 2)
        }
        let actions = GitHubActions()
        if actions.isActive {
            // On standard error, so that --json stays clean; the runner reads workflow commands from both.
            for p in report.problems {
                FileHandle.standardError.write(Data((GitHubActions.annotation(.error, file: p.path, line: p.line, title: "chase validate",
                                                                              message: p.message) + "\n").utf8))
            }
        }
        if common.json {
            // The problems alone, as since the first version: scripts read this array.
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
