import ArgumentParser

// Placeholder until its issue lands: registered here so that every command has its place.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calendar", abstract: "The content calendar.", shouldDisplay: false)

    @OptionGroup var common: CommonOptions

    func run() throws {
        throw fail("'chase calendar' is not available yet")
    }
}
