import ArgumentParser

// Placeholder until its issue lands: registered here so that every command has its place.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export the queue to SQLite.", shouldDisplay: false)

    @OptionGroup var common: CommonOptions

    func run() throws {
        throw fail("'chase export' is not available yet")
    }
}
