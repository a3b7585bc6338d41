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

        The workflows are a few lines each: they call Chase's reusable workflows at one release, \
        pinned by its full commit id with the version beside it (--chase OWNER/REPO@COMMIT and \
        --chase-version; see Chase's releases). Without --chase they name a placeholder to replace. \
        In Chase's own repository, --chase ./ calls the workflows of the same commit.

        Examples:
          chase init --chase octo-org/chase@0123456789abcdef0123456789abcdef01234567 --chase-version v1.2.0 --owner @lead
          chase init --repo ../team-queue --owner @team-org/maintainers
          chase init --force --json
        """
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Replace files that exist (by default they are kept).")
    var force = false

    @Option(name: .long, help: ArgumentHelp("The release of Chase the workflows use: OWNER/REPO@COMMIT (full id), or ./ in Chase's own repository.", valueName: "SOURCE"))
    var chase: String?

    @Option(name: .long, help: ArgumentHelp("The version tag of that commit, written beside it.", valueName: "TAG"))
    var chaseVersion = ChaseSource.placeholder.version

    @Option(name: .long, help: ArgumentHelp("A code owner for CODEOWNERS: @login or @organisation/team (repeat for more; default: a placeholder).", valueName: "OWNER"))
    var owner: [String] = []

    func run() throws {
        let source = try chase.map { try ChaseSource.parse($0, version: chaseVersion) } ?? .placeholder
        let report = try RepositorySetup.run(repoPath: common.repo, force: force, source: source, owners: owner)
        if common.json { printJSON(report); return }
        for entry in report.entries {
            let reason = entry.reason.map { " (\($0))" } ?? ""
            print("\(entry.action.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0))\(entry.path)\(reason)")
        }
        let written = report.entries.filter { $0.action != .skipped }.count
        if written == 0 {
            print("nothing written: everything is in place (--force replaces the files)")
        } else {
            if source.isPlaceholder {
                print("next: pin Chase's release in .github/workflows/ (or run again with --chase OWNER/REPO@COMMIT --force)")
            }
            if owner.isEmpty { print("next: name the maintainers in .github/CODEOWNERS (or run again with --owner @login --force)") }
            print("next: read .chase/config.yml, then commit: "
                + "git add .chase .github queue reviews outputs && git commit -m 'Set up chase'")
        }
    }
}
