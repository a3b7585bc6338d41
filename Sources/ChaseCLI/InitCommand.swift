import ArgumentParser
import Chase
import ChaseCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write the default config, the queue folders, CODEOWNERS and the workflows into a work tree.",
        discussion: """
        Writes .chase/config.yml (every setting of the built-in defaults, with comments), \
        queue/, reviews/ and outputs/ (a .gitkeep in each while it is empty), .github/CODEOWNERS \
        (fill in your maintainers' handles) and the GitHub Actions workflows. It commits nothing: \
        read the files, change what your team does differently, and commit them. A file that \
        exists is kept unless --force is given. A bare repository is refused: run it in a clone.

        Examples:
          chase init
          chase init --repo ../team-queue
          chase init --force --json
        """
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Replace files that exist (by default they are kept).")
    var force = false

    func run() throws {
        let report: RepositorySetup.Report
        report = try RepositorySetup.run(repoPath: common.repo, force: force)
        if common.json { printJSON(report); return }
        for entry in report.entries {
            let reason = entry.reason.map { " (\($0))" } ?? ""
            print("\(entry.action.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0))\(entry.path)\(reason)")
        }
        let written = report.entries.filter { $0.action != .skipped }.count
        if written == 0 {
            print("nothing written: everything is in place (--force replaces the files)")
        } else {
            print("next: fill in .github/CODEOWNERS, read .chase/config.yml, then commit: "
                + "git add .chase .github queue reviews outputs && git commit -m 'Set up chase'")
        }
    }
}
