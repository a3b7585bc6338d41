import ChaseCore
import Foundation

/// Inside GitHub Actions: one annotation per notification (on the file concerned) and a table in
/// the job's step summary. Outside Actions it does nothing.
struct GitHubNotifier {
    var actions: GitHubActions
    /// Where workflow commands go; the runner reads them from the job's output.
    var emit: @Sendable (String) -> Void

    var isActive: Bool { actions.isActive }

    func deliver(_ ns: [Notice]) throws {
        guard actions.isActive, !ns.isEmpty else { return }
        for n in ns { emit(GitHubActions.annotation(for: n.event, recipients: n.recipients)) }
        try actions.appendStepSummary(NotificationText.stepSummary(ns))
    }
}
