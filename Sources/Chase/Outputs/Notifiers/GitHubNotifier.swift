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
        for n in ns { emit(GitHubNotifier.annotation(n)) }
        try actions.appendStepSummary(NotificationText.stepSummary(ns))
    }

    /// Errors for invalid files, warnings for breaches and blocked tasks, notices for published content.
    static func annotation(_ n: Notice) -> String {
        let e = n.event
        let level: GitHubActions.Level
        switch e.type {
        case .fileInvalid: level = .error
        case .contentPublished: level = .notice
        default: level = .warning
        }
        let file = e.type == .fileInvalid ? e.subject : e.task.map { "queue/\($0).md" }
        let line = e.type == .fileInvalid ? e.payload["line"].flatMap(Int.init) : nil
        return GitHubActions.annotation(level, file: file, line: line, title: "chase: \(e.type.rawValue)",
                                        message: NotificationText.line(e) + " (for \(n.recipients.joined(separator: ", ")))")
    }
}
