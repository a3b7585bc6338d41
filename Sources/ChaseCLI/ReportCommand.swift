import ArgumentParser
import ChaseArguments
import Chase
import ChaseCore
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The maintenance figures: review times against SLA, escalations, dependencies, workload, autonomy.",
        discussion: """
        Read from the history of events (as `chase events` prints it: people's derived from their
        commits, the rules' from the bot's Chase-Event trailers) and of the task and review files:
        review times per type and tier against their SLA, SLA breaches and escalations, dependencies
        resolved and how long tasks waited, each agent's assigned, completed and reviewed work and
        its load now, and the share of finished tasks that no human changed (authors are agents when
        the config lists their emails).

        Examples:
          chase report
          chase report --since 2026-01-01T00:00:00Z
          chase report --since 2026-01-05T00:00:00Z --json
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("Count only what happened from this UTC time on.", valueName: "ISO8601"))
    var since: ISOTime?

    @OptionGroup var branch: BranchOption

    func run() throws {
        let snapshot = try QueueSnapshot.load(repoPath: common.repo, branch: branch.name)
        let report = try HistoryReport.build(snapshot, since: since?.date, until: common.resolvedNow())
        if common.json { printJSON(report); return }
        print(ReportText.render(report, config: snapshot.config), terminator: "")
    }
}
