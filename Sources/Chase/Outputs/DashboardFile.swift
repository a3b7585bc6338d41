import ChaseCore
import Foundation
import GitKit

/// `DASHBOARD.md` as part of the bot's commit, when the config enables it. It is rewritten only
/// when something else changed in this tick (or it is missing), so a tick with nothing new writes
/// nothing even though the dashboard's clocks have moved on.
enum DashboardFile {
    static func write(state: QueueState, config: Config, now: Date, repo: Repository, tree: Oid,
                      otherWrites: Int, changedPaths: Set<String>) throws -> TickPlan.Write? {
        guard config.dashboard.enabled else { return nil }
        let current = try repo.blob(at: config.dashboard.path, in: tree)?.bytes
        guard current == nil || otherWrites > 0 || !changedPaths.isEmpty else { return nil }
        let text = Dashboard.render(state, config: config, now: now)
        if let current, current == Array(text.utf8) { return nil }
        return Dashboard.write(text, path: config.dashboard.path, isNew: current == nil)
    }
}
