/// What kind of work a task is; content tasks are reviewed.
public enum TaskType: String, Sendable, CaseIterable, Codable {
    case content, lore, asset, analytics, ops
}
