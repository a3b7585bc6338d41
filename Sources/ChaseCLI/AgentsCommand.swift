import ArgumentParser

// Placeholder until its issue lands: registered here so that every command has its place.
struct AgentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agents", abstract: "Agent schedules and who has work due.", shouldDisplay: false)

    @OptionGroup var common: CommonOptions

    func run() throws {
        throw fail("'chase agents' is not available yet")
    }
}
