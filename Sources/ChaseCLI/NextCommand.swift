import ArgumentParser
import ChaseArguments
import Chase
import ChaseCore
import Foundation

struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "An agent's ordered work list: its tasks and the reviews it owes, with file paths.",
        discussion: """
        Lists the agent's pending and in-progress tasks and the pending reviews where it is the \
        reviewer, in the order to take them: priority (P0 first), then the nearest SLA deadline, \
        then the oldest. Blocked tasks are left out: `chase status` shows what they wait for.

        Examples:
          chase next --agent 2
          chase next --agent 9 --now 2026-01-09T12:00:00Z
          chase next --agent 2 --json | jq -r '.[0].path'
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp("The agent's number (0-99).", valueName: "N"))
    var agent: AgentNumber

    @OptionGroup var branch: BranchOption

    func run() throws {
        let snapshot = try QueueSnapshot.load(repoPath: common.repo, branch: branch.name)
        let now = common.resolvedNow()
        let items = WorkList.items(for: agent.value, in: snapshot.state, config: snapshot.config)
        let known = snapshot.config.agent(agent.value) != nil
        if !known, items.isEmpty {
            throw ChaseError.invalidArgument("agent \(agent.value) is not in the config and has no work; the agents are \(snapshot.config.agents.map { String($0.number) }.joined(separator: ", "))")
        }
        if common.json { printJSON(items); return }
        let name = snapshot.config.agent(agent.value).map { " (\($0.name))" } ?? " (not in the config)"
        guard !items.isEmpty else { print("nothing for agent \(two(agent.value))\(name)"); return }
        print("agent \(two(agent.value))\(name): \(items.count) item\(items.count == 1 ? "" : "s")")
        for (i, item) in items.enumerated() {
            var clock = ""
            if let deadline = item.deadline {
                let left = deadline.timeIntervalSince(now)
                clock = left < 0 ? ", overdue \(SLARisk.duration(-left))" : ", \(SLARisk.duration(left)) left"
            }
            print("\(i + 1). \(item.priority.rawValue) \(item.id) [\(item.status.replacingOccurrences(of: "_", with: " "))\(clock)] \(item.title)")
            print("   \(item.path)\(item.kind == .review ? item.output.map { " (work: \($0))" } ?? "" : "")")
        }
    }

    private func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
