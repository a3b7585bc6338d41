/// Why a blocked task waits: the longest path of unfinished dependencies from it down to a task
/// that is not itself waiting (`CONTENT-015 → LORE-003 → LORE-002`).
public struct BlockedChain: Sendable, Equatable, Codable {
    /// The blocked task first, the task everything waits on last.
    public var ids: [String]

    public static func all(in state: QueueState) -> [BlockedChain] {
        var memo: [String: [String]] = [:]
        return state.tasks.values.filter { $0.status == .blocked }.map(\.id).sorted()
            .map { BlockedChain(ids: longest(from: $0, in: state, visiting: [], memo: &memo)) }
    }

    /// Memoised, so a wide graph costs one visit per task; a cycle (reported elsewhere) just ends the path.
    private static func longest(from id: String, in state: QueueState, visiting: Set<String>,
                                memo: inout [String: [String]]) -> [String] {
        if let known = memo[id] { return known }
        guard let task = state.tasks[id], !visiting.contains(id) else { return [id] }
        var best: [String] = []
        for dep in task.dependsOn.sorted() where !state.isDone(dep) {
            let path = longest(from: dep, in: state, visiting: visiting.union([id]), memo: &memo)
            if path.count > best.count { best = path }
        }
        memo[id] = [id] + best
        return [id] + best
    }
}
