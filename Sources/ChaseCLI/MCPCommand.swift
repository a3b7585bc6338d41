import ArgumentParser
import Chase
import ChaseCore
import Foundation

struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve one agent's work queue over the Model Context Protocol (stdio).",
        discussion: """
        An MCP server for an LLM agent (or a script): typed tools in place of hand-edited YAML. \
        Read: my_work, get_task, get_review, queue_status, search_tasks. Write: start_task, \
        complete_task, block_task, submit_review, create_task (agents with plans: true). Each task \
        and review file is a resource (chase://task/<ID>, chase://review/<ID>).

        Every write is checked by the change policy of `chase validate`, judged as agent N, before \
        anything is written; then it is one commit as the agent (its name and first identity) on \
        the branch the checkout at --repo has out — a linked git worktree included — with \
        compare-and-swap, redone when the branch moved. Only the files a call writes change in \
        the work tree. It never pushes. A refusal is a tool error with the reason.

        Examples:
          chase mcp --agent 2
          chase mcp --agent 9 --repo /srv/queue-agent-09
          # .mcp.json: {"mcpServers": {"chase": {"command": "chase", "args": ["mcp", "--agent", "2"]}}}
        """
    )

    @Option(name: .long, help: "The checkout to work in: a work tree (a linked git worktree too) or a bare repository.")
    var repo: String = "."

    @Option(name: .long, help: ArgumentHelp("The agent served (0-99); every write is judged as this agent.", valueName: "N"))
    var agent: AgentNumber

    @Option(name: .long, help: ArgumentHelp("Use this UTC time for every call instead of the clock (tests, demos).", valueName: "ISO8601"))
    var now: ISOTime?

    func run() throws {
        let fixed = now?.date
        let desk = AgentDesk(agent: agent.value, repoPath: repo, clock: { fixed ?? Date() })
        let brief = try AgentBrief.text(agent: agent.value, repoPath: repo, now: fixed ?? Date())
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        _Concurrency.Task {
            do { try await AgentMCPServer.serveStdio(desk, instructions: brief) } catch { failure.set("\(error)") }
            done.signal()
        }
        done.wait()
        if let message = failure.get() { throw ChaseError.agentCannotRun("the MCP server stopped: \(message)") }
    }
}

/// The error of the server's task, read once it is done.
private final class FailureBox: @unchecked Sendable {
    private var message: String?
    private let lock = NSLock()
    func set(_ m: String) { lock.lock(); message = m; lock.unlock() }
    func get() -> String? { lock.lock(); defer { lock.unlock() }; return message }
}
