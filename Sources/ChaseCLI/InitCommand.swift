import ArgumentParser

// Placeholder until its issue lands: registered here so that every command has its place.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Write the default config, folders and workflows into a repository.", shouldDisplay: false)

    @OptionGroup var common: CommonOptions

    func run() throws {
        throw fail("'chase init' is not available yet")
    }
}
