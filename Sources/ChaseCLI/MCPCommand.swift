import ArgumentParser
import Chase
import ChaseArguments
import ChaseCore

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

        The server is chase-mcp, installed beside chase, which runs in this command's place.

        Examples:
          chase mcp --agent 2
          chase mcp --agent 9 --repo /srv/queue-agent-09
          # .mcp.json: {"mcpServers": {"chase": {"command": "chase", "args": ["mcp", "--agent", "2"]}}}
        """
    )

    @OptionGroup var server: MCPServerOptions

    /// The server is `chase-mcp`, beside this executable: the MCP SDK links the system's network
    /// stack (libcurl, TLS), which no other command should load at start. It replaces this process
    /// (exec), so the client's standard input and output are the server's.
    func run() throws {
        try SiblingExecutable.exec("chase-mcp", arguments: server.arguments, neededBy: "chase mcp")
    }
}
