import ArgumentParser

@main
struct ChaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chase",
        abstract: "A git-native workflow bot: the work queue is Markdown files in git.",
        discussion: """
        Tasks live in queue/<ID>.md and reviews in reviews/<ID>.md, each with YAML front matter. \
        `chase tick` reads the commits since its last run, turns them into events, applies the \
        team's rules (routing, reviews, dependencies, SLAs) and commits the result back.
        """,
        subcommands: [
            TickCommand.self, ValidateCommand.self, InitCommand.self, StatusCommand.self, NextCommand.self,
            AgentsCommand.self, NewCommand.self, EventsCommand.self, GraphCommand.self, CalendarCommand.self,
            ExportCommand.self, ImportCommand.self, ReportCommand.self,
        ]
    )
}
