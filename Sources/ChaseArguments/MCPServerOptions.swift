import ArgumentParser
import ChaseCore

/// The options of the MCP server, the same for `chase mcp` and the `chase-mcp` it runs in its place.
public struct MCPServerOptions: ParsableArguments {
    @Option(name: .long, help: "The checkout to work in: a work tree (a linked git worktree too) or a bare repository.")
    public var repo: String = "."

    @Option(name: .long, help: ArgumentHelp("The agent served (0-99); every write is judged as this agent.", valueName: "N"))
    public var agent: AgentNumber

    @Option(name: .long, help: ArgumentHelp("Use this UTC time for every call instead of the clock (tests, demos).", valueName: "ISO8601"))
    public var now: ISOTime?

    public init() {}

    /// The same options as command-line arguments, for the program run in this one's place.
    public var arguments: [String] {
        ["--repo", repo, "--agent", String(agent.value)] + (now.map { ["--now", Timestamp.format($0.date)] } ?? [])
    }
}
