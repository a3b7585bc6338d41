/// Blocks a pending task whose dependencies are not all done and unblocks a blocked one when the
/// last is done (`dependency.resolved`); unknown ids and cycles are reported, never left silent.
public enum Dependencies {
    public static func apply(_ ws: inout Workspace) {
        for id in waiting(&ws) {
            guard let task = ws.state.tasks[id] else { continue }
            let notDone = task.dependsOn.filter { !ws.state.isDone($0) }
            if task.status == .pending, !notDone.isEmpty {
                ws.update(task: task.id) { $0.status = .blocked }
                ws.emit(.taskBlocked, subject: task.id, task: task.id, payload: ["blocked_by": notDone.joined(separator: ",")])
            } else if task.status == .blocked, notDone.isEmpty {
                ws.update(task: task.id) { $0.status = .pending }
                ws.emit(.dependencyResolved, subject: task.id, task: task.id, payload: [
                    "dependencies": task.dependsOn.joined(separator: ","),
                ])
            }
        }
    }

    /// The tasks this pass must look at, sorted. Only pending and blocked tasks with dependencies
    /// can change here. The first pass of a tick looks at all of them (the state it is given may be
    /// anything); after it, each of them agrees with its dependencies, and this rule's own changes
    /// (pending to blocked and back) finish no task, so a later pass need look only at the tasks
    /// changed since, and at the tasks that depend on those.
    static func waiting(_ ws: inout Workspace) -> [String] {
        defer { ws.dependenciesChecked = ws.changedTasks.count }
        guard let seen = ws.dependenciesChecked else { return ws.state.idsOfWaitingTasks }
        var ids: Set<String> = []
        for id in ws.changedTasks[seen...] {
            if ws.state.isWaiting(id) { ids.insert(id) }
            for dependant in ws.state.dependants(of: id) where ws.state.isWaiting(dependant) { ids.insert(dependant) }
        }
        return ids.sorted()
    }

    /// Unknown dependency ids and cycles, one problem per task file involved.
    public static func problems(in state: QueueState) -> [FileProblem] {
        var out: [FileProblem] = []
        // In id order, so the problems are listed the same way every run.
        for id in state.idsOfTasksWithDependencies {
            guard let task = state.tasks[id] else { continue }
            for dep in task.dependsOn where state.tasks.index(forKey: dep) == nil {
                out.append(FileProblem(path: task.path, line: task.lines["depends_on"], message: missing(dep, in: state)))
            }
        }
        for cycle in cycles(in: state) {
            let ring = (cycle + [cycle[0]]).joined(separator: " → ")
            for id in cycle {
                guard let task = state.tasks[id] else { continue }
                out.append(FileProblem(path: task.path, line: task.lines["depends_on"], message: "dependency cycle: \(ring)"))
            }
        }
        return out
    }

    /// Why `dep` is not a task: its file is there but does not parse (and where), or there is none.
    static func missing(_ dep: String, in state: QueueState) -> String {
        if let problems = state.invalid[RepoPath.queue + dep + ".md"] {
            return "depends_on names \(dep), whose file is invalid (\(problems.first))"
        }
        return "depends_on names \(dep), which does not exist"
    }

    /// Strongly connected components of more than one task, or a task that depends on itself;
    /// each cycle listed from its smallest id.
    public static func cycles(in state: QueueState) -> [[String]] {
        // Tarjan's algorithm, iterative so a long chain cannot overflow the stack.
        var index: [String: Int] = [:], low: [String: Int] = [:], onStack: Set<String> = []
        var stack: [String] = [], result: [[String]] = [], next = 0
        // Every task of a cycle has a dependency, so the walks start from those tasks only.
        var dependencies: [String: [String]] = [:]
        let ids = state.idsOfTasksWithDependencies
        dependencies.reserveCapacity(ids.count)
        for id in ids {
            dependencies[id] = (state.tasks[id]?.dependsOn ?? []).filter { state.tasks.index(forKey: $0) != nil }
        }
        func edges(_ id: String) -> [String] { dependencies[id] ?? [] }
        for root in ids where index[root] == nil {
            var work: [(id: String, edge: Int)] = [(root, 0)]
            index[root] = next; low[root] = next; next += 1; stack.append(root); onStack.insert(root)
            while let (id, edge) = work.last {
                let out = edges(id)
                if edge < out.count {
                    work[work.count - 1].edge += 1
                    let w = out[edge]
                    if index[w] == nil {
                        index[w] = next; low[w] = next; next += 1; stack.append(w); onStack.insert(w)
                        work.append((w, 0))
                    } else if onStack.contains(w) {
                        low[id] = min(low[id]!, index[w]!)
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { low[parent.id] = min(low[parent.id]!, low[id]!) }
                if low[id] == index[id] {
                    var component: [String] = []
                    while let w = stack.popLast() {
                        onStack.remove(w); component.append(w)
                        if w == id { break }
                    }
                    if component.count > 1 || edges(id).contains(id) { result.append(order(component, state)) }
                }
            }
        }
        return result.sorted { $0[0] < $1[0] }
    }

    /// A cycle's ids in dependency order, starting from the smallest.
    private static func order(_ component: [String], _ state: QueueState) -> [String] {
        let members = Set(component)
        var path: [String] = [component.min()!]
        while path.count < component.count,
              let next = state.tasks[path.last!]?.dependsOn.first(where: { members.contains($0) && !path.contains($0) }) {
            path.append(next)
        }
        return path.count == component.count ? path : component.sorted()
    }
}
