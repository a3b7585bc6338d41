/// Task ids that name one task twice: `CONTENT-10` and `CONTENT-010` are different files but the
/// same prefix and number, so people and `chase new` would mix them up.
public enum DuplicateIDs {
    public static func problems(in state: QueueState) -> [FileProblem] {
        var byKey: [String: [Task]] = [:]
        for task in state.tasks.values {
            guard let number = TaskID.number(of: task.id) else { continue }
            byKey["\(TaskID.prefix(of: task.id))-\(number.value)", default: []].append(task)
        }
        var out: [FileProblem] = []
        for tasks in byKey.values where tasks.count > 1 {
            let sorted = tasks.sorted { $0.id < $1.id }
            for task in sorted {
                let others = sorted.filter { $0.id != task.id }.map(\.id).joined(separator: ", ")
                out.append(FileProblem(path: task.path, line: task.lines["id"] ?? 1,
                                       message: "duplicate id: \(task.id) and \(others) are the same task number"))
            }
        }
        return out.sorted { ($0.path, $0.line ?? 0) < ($1.path, $1.line ?? 0) }
    }
}
