/// Fills what a new task leaves out that the bot owns: its `created` time.
public enum Intake {
    public static func apply(_ ws: inout Workspace) {
        for task in ws.state.tasksWithoutCreated.sorted(by: { $0.id < $1.id }) {
            let at = ws.context.createdTimes[task.id] ?? ws.context.headTime
            ws.update(task: task.id) { $0.created = at }
        }
    }
}
