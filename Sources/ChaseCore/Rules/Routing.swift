/// The blueprint's task router: a pending task with no assignee goes to the first candidate agent
/// of its route with room (`max_concurrent` over its pending and in-progress tasks). With no room
/// anywhere it waits, unassigned, for a later tick. A human's explicit `assignee` is never overridden.
public enum Routing {
    public static func apply(_ ws: inout Workspace) {
        // Only the unassigned pending tasks can change here; the others are not even looked at.
        let waiting = ws.state.unassignedPendingTasks.sorted(by: routingOrder)
        guard !waiting.isEmpty else { return }
        // Each agent's load (kept by the state), and kept up to date here as tasks are handed out.
        var loads = ws.state.loads()
        for task in waiting {
            guard let agent = pick(for: task, loads: loads, config: ws.context.config) else { continue }
            loads[agent, default: 0] += 1
            ws.update(task: task.id) { $0.assignee = agent }
            ws.emit(.taskAssigned, subject: task.id, task: task.id, payload: [
                "agent": String(agent), "route": routeKey(task),
            ])
        }
    }

    /// The first candidate with room, or nil when every candidate is full.
    public static func pick(for task: Task, state: QueueState, config: Config) -> Int? {
        config.candidates(for: task).first { number in
            guard let agent = config.agent(number) else { return false }
            return state.load(of: number) < agent.maxConcurrent
        }
    }

    /// The same, from loads counted beforehand (`QueueState.loads()`).
    static func pick(for task: Task, loads: [Int: Int], config: Config) -> Int? {
        config.candidates(for: task).first { number in
            guard let agent = config.agent(number) else { return false }
            return loads[number, default: 0] < agent.maxConcurrent
        }
    }

    /// Most urgent first, then oldest, then by id, so capacity goes where the blueprint wants it.
    static func routingOrder(_ a: Task, _ b: Task) -> Bool {
        if a.priority != b.priority { return a.priority < b.priority }
        let ca = a.created?.timeIntervalSince1970 ?? 0, cb = b.created?.timeIntervalSince1970 ?? 0
        if ca != cb { return ca < cb }
        return a.id < b.id
    }

    static func routeKey(_ task: Task) -> String {
        task.type == .content ? (task.contentType ?? "content") : task.type.rawValue
    }
}
