import ArgumentParser
import Chase
import ChaseCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every task and review file; exit 1 on any problem.",
        discussion: """
        Prints each problem as file:line: message.

        Examples:
          chase validate
          chase validate --rev feature-branch --json
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "The branch or commit to check (default: the branch HEAD points to).")
    var rev: String?

    func run() throws {
        let problems: [FileProblem]
        do {
            problems = try Validation.problems(repoPath: common.repo, revision: rev)
        } catch let error as TickError {
            throw fail(error.description)
        }
        if common.json {
            printJSON(problems)
        } else if problems.isEmpty {
            print("no problems")
        } else {
            for p in problems { print(p.description) }
        }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
