import ArgumentParser

// Placeholder until its issue lands: registered here so that every command has its place.
struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "next", abstract: "An agent's ordered work list.", shouldDisplay: false)

    @OptionGroup var common: CommonOptions

    func run() throws {
        throw fail("'chase next' is not available yet")
    }
}
