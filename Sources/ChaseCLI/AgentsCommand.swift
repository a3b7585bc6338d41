import ArgumentParser
import ChaseArguments
import Chase
import ChaseCore
import Foundation

struct AgentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents",
        abstract: "Agent schedules and who has work due; run an agent's command.",
        discussion: """
        The agents workflow calls `chase agents due --github-output` to build its job matrix, \
        `chase agents run --agent N` in one job per agent, and `chase agents land` to check the \
        agents' changes and push them.
        """,
        subcommands: [AgentsDueCommand.self, AgentsRunCommand.self, AgentsLandCommand.self, AgentsBriefCommand.self]
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

        With --agent N, only that agent, due whatever its schedules say (the workflow's manual \
        start); an agent that is not in the config or has no command is an error.

        With --github-output (inside a GitHub Actions step) it sets the step outputs `matrix` \
        ({"include":[{"agent":2,"handle":"agent-02","email":"…"},…]}, the due agents that have a \
        command, with the git email of their first identity) and `any` (true or false).

        Examples:
          chase agents due
          chase agents due --at 2026-01-09T05:00:00Z
          chase agents due --at 2026-01-09T05:00:00Z --since 2026-01-09T03:00:00Z --json
          chase agents due --github-output --at "$(date -u +%Y-%m-%dT%H:00:00Z)"
          chase agents due --github-output --agent 9
          chase agents due --github-output --given 2,9
        """
    )

    private func givenAgents() throws -> [Int] {
        guard let given, !given.isEmpty else { return [] }
        return try given.split(separator: ",").map { part in
            guard let n = Int(part.trimmingCharacters(in: .whitespaces)), (0...99).contains(n) else {
                throw ValidationError("--given '\(given)' is not a comma-separated list of agent numbers (0-99)")
            }
            return n
        }
    }

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("The time of this run (default: --now, or the clock).", valueName: "ISO8601"))
    var at: ISOTime?

    @Option(name: .long, help: ArgumentHelp("The previous run; schedules after it count (default: one hour before --at).", valueName: "ISO8601"))
    var since: ISOTime?

    @Option(name: .long, help: ArgumentHelp("Only this agent, started by hand: due whatever its schedules say.", valueName: "N"))
    var agent: AgentNumber?

    @Option(name: .long, help: ArgumentHelp("The agents a tick just gave work, comma-separated (the `agents` output of chase tick --github-output): those with a command are due.", valueName: "LIST"))
    var given: String?

    @Flag(name: .long, help: "Set the step outputs `matrix` and `any` for the agents workflow.")
    var githubOutput = false

    @OptionGroup var branch: BranchOption

    func run() throws {
        let report = try DueAgentsReport.load(repoPath: common.repo, branch: branch.name, at: at?.date ?? common.resolvedNow(),
                                              since: since?.date, agent: agent?.value, given: try givenAgents())
        let due = report.agents
        if githubOutput {
            try GitHubActions().setStepOutputs(["matrix": AgentsDue.matrix(due),
                                                "any": due.contains { !$0.command.isEmpty } ? "true" : "false"])
        }
        if common.json { printJSON(due); return }
        print("agents due in (\(Timestamp.format(report.since)), \(Timestamp.format(report.at))]: \(due.isEmpty ? "none" : String(due.count))")
        for d in due {
            let command = d.command.isEmpty ? "no command configured" : "runs \(d.command.joined(separator: " "))"
            print("  \(d.handle) \(d.name): \(d.reason); \(command)")
        }
    }
}

struct AgentsRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an agent's configured command with its work list.",
        discussion: """
        Runs the agent's `command` from .chase/config.yml in the work tree, with the file paths of \
        its work list (see `chase next`) as the last arguments, CHASE_AGENT set to its number, \
        CHASE_WORK to the paths, one a line, CHASE_BRIEF to its brief (see `chase agents brief`) \
        and CHASE_BRIEF_FILE to a file holding the brief. Exits with the command's status.

        Examples:
          chase agents run --agent 2
          chase agents run --agent 9 --repo /srv/queue
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("The agent's number (0-99).", valueName: "N"))
    var agent: AgentNumber

    @OptionGroup var branch: BranchOption

    func run() throws {
        let status = try AgentActivation.run(agent: agent.value, repoPath: common.repo, branch: branch.name, now: common.resolvedNow())
        if status != 0 { throw ExitCode(status) }
    }
}

struct AgentsLandCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "land",
        abstract: "Check each agent's patch, commit it as that agent and push them all.",
        discussion: """
        Reads the agents' patches from --changes: files named agent-NN.patch (git diff --binary \
        from the commit the agent started at), directly in the folder or one folder down (as the \
        workflow downloads them: changes-agent-NN/agent-NN.patch). Fetches the branch from the \
        remote, then for each agent in turn: its patch may change only queue/, reviews/ and \
        outputs/ (regular files), must apply to the branch, is committed under the agent's first \
        identity from the config (whatever its own commits claimed), and must pass chase validate \
        as that agent and add no problem the branch did not have. A refused agent's change is \
        left out; the others' are pushed (fast-forward only, GITHUB_TOKEN as the credential). \
        When someone pushes meanwhile, every patch is applied and checked again on their commit.

        Exit status: 0 when every change landed (or there was none), 1 when an agent's change \
        was refused (the others landed) or nothing could be pushed. With --github-output it sets \
        the step output `pushed` (true or false).

        Examples:
          chase agents land --changes "$RUNNER_TEMP/changes" --github-output
          chase agents land --changes ./patches --remote https://github.com/team/queue.git --json
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("The folder of the agents' patches (agent-NN.patch).", valueName: "DIR"))
    var changes: String

    @Option(name: .long, help: "The remote to fetch from and push to: a name or a URL.")
    var remote = "origin"

    @Option(name: .long, help: ArgumentHelp("Fetch-apply-push rounds before giving up when others push meanwhile (1-10).", valueName: "N"))
    var attempts = 3

    @OptionGroup var branch: BranchOption

    @Flag(name: .long, help: "Set the step output `pushed` for the agents workflow.")
    var githubOutput = false

    func run() throws {
        let found = try AgentPatches.read(folder: changes)
        let options = AgentLanding.Options(repoPath: common.repo, branch: branch.name, remote: remote, attempts: attempts,
                                           now: common.resolvedNow())
        let actions = GitHubActions()
        var landed: AgentLanding.Report?
        // Whatever stops the landing, the workflow's next steps read that nothing was pushed.
        defer { if landed == nil { try? setPushed(false, actions) } }
        let report = try AgentLanding(options: options).run(found)
        landed = report
        try setPushed(report.pushed != nil, actions)
        if actions.isActive {
            for outcome in report.refused {
                for problem in outcome.problems {
                    print(GitHubActions.annotation(.error, title: "chase agents land: \(outcome.handle) refused", message: problem))
                }
            }
        }
        if common.json {
            printJSON(report)
        } else {
            for outcome in report.agents {
                switch outcome.status {
                case .landed: print("\(outcome.handle): landed as \(outcome.commit!.prefix(7))")
                case .unchanged: print("\(outcome.handle): changed nothing")
                case .refused:
                    print("\(outcome.handle): refused, nothing of it was pushed")
                    for problem in outcome.problems { print("  \(problem)") }
                }
            }
            if found.isEmpty { print("no agent changed anything") }
            print(report.pushed.map { "pushed \($0.prefix(7)) to \(report.remote)/\(report.branch)" }
                ?? "nothing pushed: \(report.remote)/\(report.branch) stays at \(report.base.prefix(7))")
        }
        if !report.refused.isEmpty { throw ExitCode(1) }
    }

    private func setPushed(_ pushed: Bool, _ actions: GitHubActions) throws {
        guard githubOutput else { return }
        try actions.setStepOutputs(["pushed": pushed ? "true" : "false"])
    }
}

struct AgentsBriefCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brief",
        abstract: "An agent's brief for an LLM: its role, its work, its rules, how to use the tools.",
        discussion: """
        Markdown: the agent's role from the config, its current work (as `chase next`), the rules \
        it works under (capacity, what it may and may not set, its review SLAs) and how to use the \
        tools of `chase mcp`. `chase agents run` hands it to the agent's command, and `chase mcp` \
        gives it to the MCP client as the server's instructions.

        Examples:
          chase agents brief --agent 2
          chase agents brief --agent 9 > prompt.md
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("The agent's number (0-99).", valueName: "N"))
    var agent: AgentNumber

    @OptionGroup var branch: BranchOption

    func run() throws {
        let text = try AgentBrief.text(agent: agent.value, repoPath: common.repo, branch: branch.name, now: common.resolvedNow())
        if common.json { printJSON(["agent": String(agent.value), "brief": text]); return }
        print(text, terminator: "")
    }
}
