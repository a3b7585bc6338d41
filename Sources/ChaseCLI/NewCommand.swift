import ArgumentParser

// Placeholder until its issue lands: registered here so that every command has its place.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Create a new task file with the next free id.", shouldDisplay: false)

    @OptionGroup var common: CommonOptions

    func run() throws {
        throw fail("'chase new' is not available yet")
    }
}
