/// The agents a tick just gave work, to start them at once instead of at their next scheduled run:
/// a task assigned (`task.assigned`), a review requested (`review.requested`), a task released by
/// its dependencies that already has its agent (`dependency.resolved`), and a task sent back by a
/// review that asks for changes (the rules' `task.started` with a new revision). Events of people's
/// commits give no one new work, so a run of agents whose work brings nothing new starts nobody.
public enum NewWork {
    /// Agent numbers, ascending, each once; only agents of the config.
    public static func agents(events: [Event], state: QueueState, config: Config) -> [Int] {
        var out: Set<Int> = []
        for event in events {
            switch event.type {
            case .taskAssigned:
                if let n = event.payload["agent"].flatMap(Int.init) { out.insert(n) }
            case .reviewRequested:
                if let n = event.payload["reviewer"].flatMap(Int.init) { out.insert(n) }
            case .dependencyResolved:
                if let n = state.tasks[event.subject]?.assignee { out.insert(n) }
            case .taskStarted where event.payload["revision"] != nil && event.payload["reason"] != nil:
                if let n = state.tasks[event.subject]?.assignee { out.insert(n) }
            default:
                continue
            }
        }
        return out.filter { config.agent($0) != nil }.sorted()
    }
}
