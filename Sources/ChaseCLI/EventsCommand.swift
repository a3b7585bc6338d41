import ArgumentParser

// Placeholder until its issue lands: registered here so that every command has its place.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "The history of events, read back from the bot's commits.", shouldDisplay: false)

    @OptionGroup var common: CommonOptions

    func run() throws {
        throw fail("'chase events' is not available yet")
    }
}
