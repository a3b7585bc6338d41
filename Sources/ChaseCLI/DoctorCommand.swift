import ArgumentParser
import Chase
import ChaseCore

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "How the repository is set up for GitHub: config, workflows, secrets, CODEOWNERS, history, bot.",
        discussion: """
        Reads the branch's commit: whether .chase/config.yml reads cleanly; whether the three \\
        workflows are there, call Chase's reusable workflows at one release pinned by its full \\
        commit id (and which version), and read no configuration variable; the secrets and \\
        environments they expect, by name (GitHub keeps them, so set them there); whether \\
        CODEOWNERS gives queue/, reviews/, .chase/ and .github/ to named owners; whether the clone \\
        is shallow; the bot's identity. Exit status 1 when a problem is found.

        Examples:
          chase doctor
          chase doctor --json
        """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var branch: BranchOption

    func run() throws {
        let report = try SetupDoctor.run(repoPath: common.repo, branch: branch.name)
        if common.json {
            printJSON(report)
        } else {
            for finding in report.findings {
                print("\(finding.level.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))\(finding.topic): \(finding.message)")
            }
            print(report.problems == 0 ? "no problems" : "\(report.problems) problem\(report.problems == 1 ? "" : "s")")
        }
        if report.problems > 0 { throw ExitCode(1) }
    }
}
