import ArgumentParser
import Chase

@main
struct ChaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chase",
        abstract: "A git-native workflow bot: the work queue is Markdown files in git; the bot routes, reviews and publishes.",
        discussion: """
        Tasks live in queue/<ID>.md and reviews in reviews/<ID>.md, each with YAML front matter. \
        `chase tick` reads the commits since its last run, turns them into events, applies the \
        team's rules (routing, reviews, dependencies, SLAs, publishing) and commits the result back.
        """,
        version: ChaseVersion.current,
        subcommands: [
            TickCommand.self, ValidateCommand.self, InitCommand.self, StatusCommand.self, NextCommand.self,
            AgentsCommand.self, NewCommand.self, EventsCommand.self, GraphCommand.self, CalendarCommand.self,
            ExportCommand.self, ImportCommand.self, ReportCommand.self, SchemaCommand.self, DoctorCommand.self, MCPCommand.self,
        ]
    )

    /// Every run goes through `CommandExit`, so that every error prints as `chase: <reason>`.
    static func main() {
        CommandExit.run(ChaseCommand.self)
    }
}
