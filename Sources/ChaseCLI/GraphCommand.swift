import ArgumentParser

// Placeholder until its issue lands: registered here so that every command has its place.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "graph", abstract: "The dependency graph as Mermaid or Graphviz dot.", shouldDisplay: false)

    @OptionGroup var common: CommonOptions

    func run() throws {
        throw fail("'chase graph' is not available yet")
    }
}
