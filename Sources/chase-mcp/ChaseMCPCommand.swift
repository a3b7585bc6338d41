import ArgumentParser
import Chase
import ChaseArguments
import ChaseCore
import ChaseMCP
import Foundation

/// `chase-mcp`: the MCP server `chase mcp` runs (in its place, same arguments). A program of its
/// own because the MCP SDK links the system's network stack, which `chase` does not load at start.
@main
struct ChaseMCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chase-mcp",
        abstract: "Serve one agent's work queue over the Model Context Protocol (stdio): what `chase mcp` runs; see `chase mcp --help`."
    )

    @OptionGroup var server: MCPServerOptions

    func run() throws {
        let fixed = server.now?.date, agent = server.agent.value
        let desk = AgentDesk(agent: agent, repoPath: server.repo, clock: { fixed ?? Date() })
        let brief = try AgentBrief.text(agent: agent, repoPath: server.repo, now: fixed ?? Date())
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        _Concurrency.Task {
            do { try await AgentMCPServer.serveStdio(desk, instructions: brief) } catch { failure.set("\(error)") }
            done.signal()
        }
        done.wait()
        if let message = failure.get() { throw ChaseError.agentCannotRun("the MCP server stopped: \(message)") }
    }

    /// Errors print as `chase` prints them (`chase: <reason>`, status 1): to its user this is `chase mcp`.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
            Foundation.exit(0)
        } catch let error as ChaseError {
            FileHandle.standardError.write(Data("chase: \(error.description)\n".utf8))
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}

/// The error of the server's task, read once it is done.
private final class FailureBox: @unchecked Sendable {
    private var message: String?
    private let lock = NSLock()
    func set(_ m: String) { lock.lock(); message = m; lock.unlock() }
    func get() -> String? { lock.lock(); defer { lock.unlock() }; return message }
}
