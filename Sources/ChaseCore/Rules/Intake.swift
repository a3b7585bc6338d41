/// Fills what a new task leaves out that the bot owns: its `created` time, from the tick's clock
/// (the first tick that sees the task). Not a commit's date: its author sets that, and an old or
/// future `created` would move the task's age SLA.
public enum Intake {
    public static func apply(_ ws: inout Workspace) {
        for task in ws.state.tasksWithoutCreated.sorted(by: { $0.id < $1.id }) {
            let at = ws.context.now
            ws.update(task: task.id) { $0.created = at }
        }
    }
}
