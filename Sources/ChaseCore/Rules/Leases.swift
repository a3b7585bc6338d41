import Foundation

/// Leases (off by default): a task in progress that no commit has touched — its file or its output
/// — for longer than the lease of its priority (`sla.lease`) is taken back, so a crashed or stuck
/// agent does not hold work forever: back to `pending` without an assignee, routed again in the
/// same tick (its old agent may get it back if it has room), and `task.lease_expired` names the
/// agent that held it, for it and the coordinator. The time each task was last touched comes from
/// the tick (`RuleContext.lastTouched`); without it the rule does nothing.
public enum Leases {
    public static func apply(_ ws: inout Workspace) {
        let config = ws.context.config, now = ws.context.now
        guard !config.sla.lease.isEmpty, let touched = ws.context.lastTouched else { return }
        for task in ws.state.tasks(withStatus: .inProgress).sorted(by: { $0.id < $1.id }) {
            guard let lease = config.sla.lease[task.priority] else { continue }
            if let last = touched[task.id], now.timeIntervalSince(last) <= lease { continue }
            ws.update(task: task.id) {
                $0.status = .pending
                $0.assignee = nil
            }
            var payload = ["agent": task.assignee.map(String.init) ?? "none", "lease": SLA.hours(lease), "to": "0"]
            if let last = touched[task.id] { payload["idle"] = SLA.hours(now.timeIntervalSince(last)) }
            ws.emit(.taskLeaseExpired, subject: task.id, task: task.id, payload: payload)
        }
    }

    /// The in-progress tasks a lease applies to, with the paths whose change counts as progress.
    public static func candidates(in state: QueueState, config: Config) -> [(task: String, paths: [String])] {
        guard !config.sla.lease.isEmpty else { return [] }
        return state.tasks(withStatus: .inProgress).filter { config.sla.lease[$0.priority] != nil }
            .sorted { $0.id < $1.id }.map { ($0.id, [$0.path] + ($0.output.map { [$0] } ?? [])) }
    }
}
