import ArgumentParser
import Chase
import ChaseCore

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "The dependency graph as Mermaid or Graphviz dot.",
        discussion: """
        Draws every dependency of the queue at the branch head, finished ones included: an arrow \
        from a task to each task that waits for it, nodes coloured by status, an id that names no \
        task drawn as missing. Tasks on no arrow are left out unless --all is given.

        Examples:
          chase graph                                # Mermaid, for a Markdown file or GitHub comment
          chase graph --format dot | dot -Tsvg > deps.svg
          chase graph --all --json
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case mermaid, dot }

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "mermaid or dot.")
    var format: Format = .mermaid

    @Flag(name: .long, help: "Also draw the tasks that have no dependency and that nothing depends on.")
    var all = false

    @OptionGroup var branch: BranchOption

    func run() throws {
        let graph = DependencyGraph.build(try QueueSnapshot.load(repoPath: common.repo, branch: branch.name).state, all: all)
        if common.json { printJSON(graph); return }
        print(format == .mermaid ? graph.mermaid() : graph.dot(), terminator: "")
    }
}
