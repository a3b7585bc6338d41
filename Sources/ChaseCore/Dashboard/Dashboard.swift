import Foundation

/// `DASHBOARD.md`: the board by status and agent, SLA risks with time left, blocked chains, agent
/// load, and the dependency graph and content calendar as Mermaid diagrams. Pure: the same state,
/// config and time give the same bytes, so the engine can tell when it needs rewriting.
public enum Dashboard {
    /// The statuses the board shows as columns, in lifecycle order.
    static let columns: [TaskStatus] = [.pending, .blocked, .inProgress, .inReview, .approved, .scheduled]

    public static func render(_ state: QueueState, config: Config, now: Date) -> String {
        var out = "# Dashboard\n\n"
        let open = state.tasks.values.filter(\.status.isOpen).count
        out += "_Written by chase at \(Timestamp.format(now)) from the queue's files: \(state.tasks.count) tasks, \(open) open, "
        out += "\(state.reviews.values.filter { $0.status == .pending }.count) reviews pending._\n\n"
        out += board(state, config: config) + "\n" + risks(state, config: config, now: now) + "\n"
        out += chains(state) + "\n" + load(state, config: config) + "\n"
        let graph = Mermaid.dependencyGraph(state)
        out += "## Dependencies\n\nOf the tasks still to finish.\n\n```mermaid\n\(graph.text)\n```\n"
        if graph.omitted > 0 { out += "\n\(graph.omitted) more waiting tasks not drawn; `chase graph` shows them all.\n" }
        let gantt = Mermaid.contentGantt(state, now: now)
        out += "\n## Content calendar\n\nFrom a week ago to a month ahead.\n\n```mermaid\n\(gantt.text)\n```\n"
        if gantt.omitted > 0 { out += "\n\(gantt.omitted) later posts not drawn; `chase calendar` lists them all.\n" }
        if !state.invalid.isEmpty {
            out += "\n## Invalid files\n\n"
            for path in state.invalid.keys.sorted() { out += "- `\(path)`: \(state.invalid[path]!.first.message)\n" }
        }
        return out
    }

    /// The dashboard as a write of the bot's commit.
    public static func write(_ text: String, path: String, isNew: Bool) -> TickPlan.Write {
        TickPlan.Write(path: path, bytes: Array(text.utf8), isNew: isNew)
    }

    static func board(_ state: QueueState, config: Config) -> String {
        var out = "## Board\n\n| agent | " + columns.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") }.joined(separator: " | ")
        out += " | done |\n|---|" + String(repeating: "---|", count: columns.count + 1) + "\n"
        let byAgent = Dictionary(grouping: state.tasks.values) { $0.assignee }
        // Agents the config does not list still hold tasks: they get a row too.
        let unknown = byAgent.keys.compactMap { $0 }.filter { config.agent($0) == nil }.sorted()
        let rows: [Int?] = config.agents.map(\.number) + unknown + [nil]
        for agent in rows {
            let tasks = byAgent[agent] ?? []
            if agent == nil, tasks.isEmpty { continue }
            let name = agent.map { a in "\(handle(a)) \(config.agent(a)?.name ?? "")" } ?? "unassigned"
            var cells = [name.trimmingCharacters(in: .whitespaces)]
            for status in columns {
                cells.append(capped(tasks.filter { $0.status == status }.map(\.id).sorted()))
            }
            let done = tasks.filter { [.complete, .published].contains($0.status) }.count
            cells.append(done == 0 ? "" : String(done))
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        let counts = columns.map { s in "\(s.rawValue) \(state.tasks.values.filter { $0.status == s }.count)" }
        return out + "\nTotals: " + counts.joined(separator: " · ") + "\n"
    }

    static func risks(_ state: QueueState, config: Config, now: Date) -> String {
        let all = SLARisk.all(in: state, config: config, now: now)
        var out = "## SLA risks\n\n"
        guard !all.isEmpty else { return out + "No clock is running.\n" }
        out += "| time left | what | kind | who | deadline |\n|---|---|---|---|---|\n"
        for r in all.prefix(maxRows) {
            let left = r.left < 0 ? "**\(r.leftText)**" : r.leftText
            out += "| \(left) | \(r.subject) | \(r.kind.rawValue.replacingOccurrences(of: "_", with: " ")) | "
            out += "\(r.agent.map(handle) ?? "") | \(Timestamp.format(r.deadline)) |\n"
        }
        if all.count > maxRows { out += "\n\(all.count - maxRows) more, less urgent.\n" }
        return out
    }

    static func chains(_ state: QueueState) -> String {
        let all = BlockedChain.all(in: state)
        var out = "## Blocked chains\n\n"
        guard !all.isEmpty else { return out + "Nothing is blocked.\n" }
        for chain in all.prefix(maxRows) {
            let parts = chain.ids.enumerated().map { i, id -> String in
                guard i > 0 else { return "**\(id)**" }
                guard let t = state.tasks[id] else { return "\(id) (missing)" }
                return "\(id) (\(t.status.rawValue)\(t.assignee.map { ", " + handle($0) } ?? ""))"
            }
            out += "- " + parts.joined(separator: " → ") + "\n"
        }
        if all.count > maxRows { out += "- … and \(all.count - maxRows) more\n" }
        return out
    }

    static func load(_ state: QueueState, config: Config) -> String {
        var out = "## Agent load\n\n| agent | role | load | capacity | |\n|---|---|---|---|---|\n"
        for agent in config.agents {
            let n = state.load(of: agent.number), cap = max(agent.maxConcurrent, 0)
            let bar = String(repeating: "█", count: min(n, cap)) + String(repeating: "░", count: max(cap - n, 0))
                + (n > cap ? " +\(n - cap)" : "")
            out += "| \(handle(agent.number)) \(agent.name) | \(agent.role) | \(n) | \(cap) | \(bar) |\n"
        }
        return out
    }

    /// Rows per table and ids per board cell: the dashboard is read at a glance, the commands list everything.
    static let maxRows = 25, maxIDsPerCell = 8

    static func capped(_ ids: [String]) -> String {
        ids.count <= maxIDsPerCell ? ids.joined(separator: ", ")
            : ids.prefix(maxIDsPerCell).joined(separator: ", ") + " +\(ids.count - maxIDsPerCell)"
    }

    static func handle(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
