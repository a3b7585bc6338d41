import ArgumentParser
import Chase
import ChaseCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn an SQLite database in the queue's schema into task and review files.",
        discussion: """
        The migration and rollback path: rows become queue/<ID>.md and reviews/<ID>.md in the
        work tree (commit them yourself). A row that kept its file's text (see chase export)
        comes back byte for byte, with only the keys whose values changed in the database
        edited. Every row is checked first; nothing is written if any is invalid, and a file
        that exists with other content is only replaced with --force.

        Examples:
          chase import --sqlite queue.db
          chase import --sqlite queue.db --force --json
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("The database file to read.", valueName: "FILE"))
    var sqlite: String

    @Flag(name: .long, help: "Replace files that exist with other content.")
    var force = false

    func run() throws {
        let summary = try QueueImport.run(database: sqlite, repoPath: common.repo, force: force)
        if common.json { printJSON(summary); return }
        print("\(summary.written.count) written, \(summary.replaced.count) replaced, \(summary.unchanged.count) unchanged")
        for path in summary.written { print("  wrote \(path)") }
        for path in summary.replaced { print("  replaced \(path)") }
    }
}
