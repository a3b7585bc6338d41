import ArgumentParser
import ChaseArguments
import Chase
import ChaseCore
import Foundation

struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "The whole history of events, read from the branch's commits.",
        discussion: """
        Every event of the branch's first-parent history, oldest first: what happened, to which \
        task, review or file, caused by which commit and author. People's events (created, \
        started, completed, reopened, deleted, …) are derived from their commits' changes, whether \
        or not a tick wrote anything after them; the rules' events (assigned, review requested, \
        SLA exceeded, …) come from the `Chase-Event` trailers of the bot's commits. A file moved \
        to another name is a deletion and a creation: a task is its id. The README's event table \
        lists every type with its payload keys.

        Examples:
          chase events
          chase events --task CONTENT-010
          chase events --type sla.exceeded --since 2026-01-09T00:00:00Z
          chase events --since 2026-01-09T00:00:00Z --json
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("Only events from this UTC time on.", valueName: "ISO8601"))
    var since: ISOTime?

    @Option(name: .long, help: ArgumentHelp("Only events of this type.", valueName: "TYPE"))
    var type: EventType?

    @Option(name: .long, help: ArgumentHelp("Only events about this task and its reviews.", valueName: "ID"))
    var task: String?

    @OptionGroup var branch: BranchOption

    func run() throws {
        var filter = EventFilter(task: task)
        filter.since = since?.date
        filter.type = type
        let snapshot = try QueueSnapshot.load(repoPath: common.repo, branch: branch.name)
        let events = try EventHistory.read(snapshot).flatMap(\.events).filter(filter.includes)
        if common.json { printJSON(events); return }
        if events.isEmpty { print("no events"); return }
        for e in events {
            print("\(Timestamp.format(e.time))  \(e.line)  (\(e.commit.prefix(7)), \(e.author))")
        }
    }
}
