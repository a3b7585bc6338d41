import ArgumentParser
import Chase
import ChaseCore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the queue, the team and the event history to SQLite for ad-hoc SQL.",
        discussion: """
        Writes the blueprint's schema: tasks (task_code, priority 0-3, status, assigned_agent, …),
        reviews, task_dependencies, agents, calendar_items and events (the whole history, as `chase events` prints it).
        Each task and review row keeps its file's exact text, so `chase import` gives the files back.

        Examples:
          chase export --sqlite queue.db
          chase export --sqlite queue.db --force --branch main
          sqlite3 queue.db "SELECT status, count(*) FROM tasks GROUP BY status"
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("The database file to write.", valueName: "FILE"))
    var sqlite: String

    @OptionGroup var branch: BranchOption

    @Flag(name: .long, help: "Replace FILE if it exists.")
    var force = false

    func run() throws {
        let snapshot = try QueueSnapshot.load(repoPath: common.repo, branch: branch.name)
        let summary = try QueueExport.write(snapshot, to: sqlite, force: force, now: common.resolvedNow())
        if common.json { printJSON(summary); return }
        print("wrote \(summary.file): \(summary.tasks) tasks, \(summary.reviews) reviews, \(summary.dependencies) dependencies, "
            + "\(summary.calendarItems) calendar items, \(summary.events) events")
        if !summary.skippedInvalid.isEmpty {
            print("not exported (invalid): \(summary.skippedInvalid.joined(separator: ", "))")
        }
    }
}
