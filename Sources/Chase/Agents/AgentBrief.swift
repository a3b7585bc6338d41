import ChaseCore
import Foundation

/// `chase agents brief --agent N`: Markdown instructions for an LLM agent — its role from the
/// config, its current work, the rules it works under (its SLAs, what it may and may not set),
/// and how to use the tools of `chase mcp`. `chase agents run` hands it to the agent's command,
/// and `chase mcp` gives it to the client as the server's instructions.
public enum AgentBrief {
    /// Items of the work list shown; `my_work` pages through the rest.
    static let workShown = 15

    public static func text(agent: Int, repoPath: String, branch: String? = nil, now: Date, fallback: Config = .default) throws -> String {
        let snapshot = try QueueSnapshot.load(repoPath: repoPath, branch: branch, fallback: fallback)
        guard snapshot.config.agent(agent) != nil else {
            throw ChaseError.agentCannotRun("agent \(agent) is not in the config; the agents are "
                + snapshot.config.agents.map { String($0.number) }.joined(separator: ", "))
        }
        return render(agent: agent, config: snapshot.config, state: snapshot.state, now: now)
    }

    public static func render(agent number: Int, config: Config, state: QueueState, now: Date) -> String {
        let me = config.agent(number) ?? Agent(number: number, name: "agent \(number)", role: "")
        let two = ChangePolicy.two(number)
        var out = "# You are agent \(two), \(me.name)\n\n"
        out += "You work the team's queue through Chase: tasks are Markdown files in git (`queue/<ID>.md`), reviews are "
            + "`reviews/<ID>.md`, work products go under `outputs/`. A bot (`chase tick`) routes new tasks, requests reviews "
            + "when work is complete, unblocks tasks whose dependencies are done, watches the SLAs and publishes approved content.\n\n"
        if !me.role.isEmpty { out += "Your role: **\(me.role)**.\n\n" }

        let items = WorkList.items(for: number, in: state, config: config)
        out += "## Your work now (\(items.count) item\(items.count == 1 ? "" : "s"), most urgent first)\n\n"
        if items.isEmpty { out += "Nothing waits for you. Check `my_work` again later; the bot starts you when work appears.\n" }
        for (i, item) in items.prefix(workShown).enumerated() {
            var clock = ""
            if let deadline = item.deadline {
                let left = deadline.timeIntervalSince(now)
                clock = left < 0 ? ", overdue \(SLARisk.duration(-left))" : ", \(SLARisk.duration(left)) left"
            }
            let what = item.kind == .review ? "review `\(item.id)`" : "task `\(item.id)`"
            out += "\(i + 1). \(item.priority.rawValue) \(what) [\(item.status)\(clock)]: \(String(item.title.prefix(200)))\n"
        }
        if items.count > workShown { out += "\n…and \(items.count - workShown) more: page through `my_work`.\n" }

        out += "\n## The rules you work under\n\n"
        let load = state.load(of: number)
        out += "- You hold \(load) open task\(load == 1 ? "" : "s") (pending or in progress) of at most \(me.maxConcurrent); "
            + "the router gives you no more while you are full.\n"
        out += "- You may: start, complete and block the tasks assigned to you (`assignee: \(number)`); answer the reviews "
            + "where you are the reviewer (`reviewer: \(number)`), never the review of your own work"
            + (me.plans ? "; create tasks (you plan work).\n" : ".\n")
        out += "- You may not: change another agent's task; set a task to "
            + ChangePolicy.botDecidedStatuses.sorted().joined(separator: ", ")
            + " (the bot moves it there); write \(ChangePolicy.botOwnedTaskKeys.joined(separator: ", ")) (the bot's keys); "
            + "create, close or delete review files"
            + (config.maintainers.isEmpty ? "" : "; change `.chase/config.yml` (maintainers only)")
            + (me.plans ? "" : "; create tasks (the config gives that to agents with `plans: true`)") + ".\n"
        let reviews = config.reviewers.filter { $0.value == number }.map(\.key).sorted { $0.rawValue < $1.rawValue }
        for type in reviews {
            let limits = config.sla.review.keys.sorted().compactMap { tier in
                config.sla.review[tier]?[type].map { "tier \(tier): \(SLARisk.duration($0))" }
            }
            if !limits.isEmpty {
                out += "- You give \(type.rawValue) reviews; answer each within its SLA (\(limits.joined(separator: ", "))) "
                    + "or it is escalated to the coordinator.\n"
            }
        }
        let open = Priority.allCases.compactMap { p in config.sla.openTask[p].map { "\(p.rawValue) within \(SLARisk.duration($0))" } }
        if !open.isEmpty { out += "- Open tasks must be done in time: \(open.joined(separator: ", ")) of their creation, else escalated.\n" }
        out += "- A review that asks for changes sends your task back to in_progress (a new revision): read the notes, "
            + "do the work again, complete it again.\n"

        out += "\n## How to work\n\n"
        out += "Use the MCP tools of `chase mcp --agent \(number)`; never edit `queue/` or `reviews/` by hand. Every write "
            + "is one commit as you; a refusal is a tool error that says why, and nothing was written.\n\n"
        out += "1. `my_work`: what to do, most urgent first.\n"
        out += "2. `get_task {task_id}` or `get_review {review_id}`: the brief, the work under review, the history.\n"
        out += "3. `start_task {task_id}` when you begin a task"
            + " (it records `started_at`; a task held in progress with no change past its lease goes back to the queue).\n"
        out += "4. `complete_task {task_id, text}` with the whole work product: it is written under `outputs/` and the task "
            + "goes to review. `block_task {task_id, reason, waiting_for}` when you cannot go on.\n"
        out += "5. `submit_review {review_id, verdict, notes}`: approved, changes_requested (say what to change) or rejected.\n"
        out += "\nAll tools:\n\n"
        for tool in AgentDesk.tools { out += "- `\(tool.name)`: \(tool.description)\n" }
        return out
    }
}
