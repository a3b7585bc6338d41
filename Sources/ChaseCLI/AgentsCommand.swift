import ArgumentParser
import Chase
import ChaseCore
import Foundation

struct AgentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents",
        abstract: "Agent schedules and who has work due; run an agent's command.",
        discussion: """
        The agents workflow calls `chase agents due --github-output` to build its job matrix, \
        then `chase agents run --agent N` in one job per agent.
        """,
        subcommands: [AgentsDueCommand.self, AgentsRunCommand.self]
    )
}

struct AgentsDueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "The agents to activate: pending work, or a schedule due since the last run.",
        discussion: """
        An agent is due when it has work waiting (its `chase next` list is not empty) or one of \
        its cron schedules (UTC, from the config) names a minute after --since and up to --at. \
        The workflow runs hourly and passes the top of the hour as --at, so --since defaults to \
        one hour before it: each scheduled minute falls in exactly one run.

        With --github-output (inside a GitHub Actions step) it sets the step outputs `matrix` \
        ({"include":[{"agent":2,"handle":"agent-02"},…]}, the due agents that have a command) \
        and `any` (true or false).

        Examples:
          chase agents due
          chase agents due --at 2026-01-09T05:00:00Z
          chase agents due --at 2026-01-09T05:00:00Z --since 2026-01-09T03:00:00Z --json
          chase agents due --github-output --at "$(date -u +%Y-%m-%dT%H:00:00Z)"
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("The time of this run (default: --now, or the clock).", valueName: "ISO8601"))
    var at: String?

    @Option(name: .long, help: ArgumentHelp("The previous run; schedules after it count (default: one hour before --at).", valueName: "ISO8601"))
    var since: String?

    @Flag(name: .long, help: "Set the step outputs `matrix` and `any` for the agents workflow.")
    var githubOutput = false

    @Option(name: .long, help: "The branch to read (default: the branch HEAD points to).")
    var branch: String?

    func run() throws {
        let end = try at.map { try time($0, "--at") } ?? common.resolvedNow()
        let start = try since.map { try time($0, "--since") } ?? end.addingTimeInterval(-3600)
        guard start < end else { throw fail("--since \(Timestamp.format(start)) is not before --at \(Timestamp.format(end))") }
        let due: [DueAgent]
        do {
            let snapshot = try QueueSnapshot.load(repoPath: common.repo, branch: branch)
            due = try AgentsDue.find(in: snapshot.state, config: snapshot.config, since: start, at: end)
        } catch let error as TickError {
            throw fail(error.description)
        } catch let error as AgentsDue.ScheduleError {
            throw fail(error.description)
        }
        if githubOutput {
            let actions = GitHubActions()
            guard let path = actions.environment["GITHUB_OUTPUT"], !path.isEmpty else {
                throw fail("--github-output needs GITHUB_OUTPUT, which GitHub Actions sets in a workflow step")
            }
            do {
                try actions.setOutput("matrix", AgentsDue.matrix(due))
                try actions.setOutput("any", due.contains { !$0.command.isEmpty } ? "true" : "false")
            } catch {
                throw fail("cannot write the step outputs to \(path): \(error.localizedDescription)")
            }
        }
        if common.json { printJSON(due); return }
        print("agents due in (\(Timestamp.format(start)), \(Timestamp.format(end))]: \(due.isEmpty ? "none" : String(due.count))")
        for d in due {
            let command = d.command.isEmpty ? "no command configured" : "runs \(d.command.joined(separator: " "))"
            print("  \(d.handle) \(d.name): \(d.reason); \(command)")
        }
    }

    private func time(_ text: String, _ flag: String) throws -> Date {
        guard let date = Timestamp.parse(text) else {
            throw fail("\(flag) '\(text)' is not an ISO 8601 time like 2026-01-09T10:00:00Z")
        }
        return date
    }
}

struct AgentsRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an agent's configured command with its work list.",
        discussion: """
        Runs the agent's `command` from .chase/config.yml in the work tree, with the file paths of \
        its work list (see `chase next`) as the last arguments, CHASE_AGENT set to its number and \
        CHASE_WORK to the paths, one a line. Exits with the command's status.

        Examples:
          chase agents run --agent 2
          chase agents run --agent 9 --repo /srv/queue
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("The agent's number (0-99).", valueName: "N"))
    var agent: Int

    @Option(name: .long, help: "The branch to read (default: the branch HEAD points to).")
    var branch: String?

    func run() throws {
        let status: Int32
        do {
            status = try AgentActivation.run(agent: agent, repoPath: common.repo, branch: branch)
        } catch let error as TickError {
            throw fail(error.description)
        } catch let error as AgentActivation.Failure {
            throw fail(error.description)
        } catch let error as QueueImport.Failure {
            throw fail(error.description)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
