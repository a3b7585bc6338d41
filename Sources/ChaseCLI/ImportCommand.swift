import ArgumentParser

// Placeholder until its issue lands: registered here so that every command has its place.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import tasks and reviews from SQLite.", shouldDisplay: false)

    @OptionGroup var common: CommonOptions

    func run() throws {
        throw fail("'chase import' is not available yet")
    }
}
