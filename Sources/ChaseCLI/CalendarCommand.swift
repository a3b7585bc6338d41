import ArgumentParser
import Chase
import ChaseCore

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "The content calendar: every task with scheduled_at, by day (UTC).",
        discussion: """
        Shows each scheduled post with its time, platform, status and post id once published;
        a scheduled post whose time has passed is marked (late). --week shows the Monday-to-Sunday
        week that holds now (or --now), empty days included.

        Examples:
          chase calendar
          chase calendar --week
          chase calendar --week --now 2026-01-09T12:00:00Z --json
        """
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Only this week, Monday to Sunday.")
    var week = false

    @OptionGroup var branch: BranchOption

    func run() throws {
        let snapshot = try QueueSnapshot.load(repoPath: common.repo, branch: branch.name)
        let calendar = ContentCalendar.build(snapshot.state, now: common.resolvedNow(), week: week)
        if common.json { printJSON(calendar); return }
        print(calendar.text(), terminator: "")
    }
}
