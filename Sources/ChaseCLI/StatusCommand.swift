import ArgumentParser

// Placeholder until its issue lands: registered here so that every command has its place.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the board: tasks by status and agent, load, reviews, breaches, blocked tasks.", shouldDisplay: false)

    @OptionGroup var common: CommonOptions

    func run() throws {
        throw fail("'chase status' is not available yet")
    }
}
