import ChaseCore
import Foundation

/// Inside GitHub Actions, what a tick did, on the run's page: a step summary (what it read, what it
/// committed, a table of its events) and annotations for SLA breaches and invalid files — those
/// the notifications did not annotate already. Outside Actions it does nothing.
public enum TickSummary {
    /// Events annotated on the run's page when no notification recipient annotates them.
    static let annotated: Set<EventType> = [.slaExceeded, .taskEscalated, .fileInvalid]
    /// Event rows in the summary; a busy tick's page stays readable, `chase events` lists them all.
    static let maxRows = 100

    /// Writes the summary and prints the annotations through `emit` (standard error, so `--json`
    /// stays clean), those the notifications with `settings` did not annotate already; returns a
    /// note, also emitted, when the summary could not be written (the tick itself is done by then
    /// and stands). The tick calls it as it finishes, with the config it ran with.
    @discardableResult
    static func publish(_ report: TickReport, settings: NotificationSettings, environment: [String: String],
                        emit: (String) -> Void) -> String? {
        let actions = GitHubActions(environment: environment)
        guard actions.isActive else { return nil }
        for line in annotations(report, settings: settings) { emit(line) }
        do {
            try actions.appendStepSummary(markdown(report))
            return nil
        } catch {
            let note = "the step summary could not be written: \(error.localizedDescription)"
            emit("chase: note: \(note)")
            return note
        }
    }

    /// The step summary's Markdown.
    public static func markdown(_ r: TickReport) -> String {
        var out = "### Chase tick\n\n| | |\n|---|---|\n"
        out += "| branch | `\(cell(r.branch))` at `\(r.head.prefix(7))` |\n"
        let read = r.mode == .incremental ? "\(r.commitsRead) new commit\(r.commitsRead == 1 ? "" : "s")"
            + (r.since.map { " since `\($0.prefix(7))`" } ?? "") : "the whole queue (\(r.mode.rawValue.replacingOccurrences(of: "-", with: " ")))"
        out += "| read | \(read) |\n"
        let files = "\(r.writes.count) file\(r.writes.count == 1 ? "" : "s")"
        if r.dryRun {
            out += "| commit | dry run: would write \(files) |\n"
        } else if let commit = r.commit {
            out += "| commit | `\(commit.prefix(7))`: \(files) |\n"
        } else {
            out += "| commit | none: nothing to write |\n"
        }
        out += "| events | \(r.events.count) |\n"
        if let p = r.push {
            let refs = p.pushed.isEmpty ? "nothing to push" : p.pushed.map { "`\(cell($0))`" }.joined(separator: ", ")
            out += "| push | \(cell(p.remote)): \(refs)\(p.attempts > 1 ? " (attempt \(p.attempts))" : "") |\n"
        }
        for note in r.notes { out += "| note | \(cell(note)) |\n" }
        if let n = r.notifications {
            out += "| notifications | \(n.delivered.count) sent, \(n.kept.count) kept for retry, \(n.queued.count) queued |\n"
        }
        if !r.events.isEmpty {
            out += "\n| event | about | details |\n|---|---|---|\n"
            for e in r.events.prefix(maxRows) {
                let details = e.payload.keys.sorted().map { "\($0)=\(e.payload[$0]!)" }.joined(separator: " ")
                out += "| `\(e.type.rawValue)` | \(cell(e.subject)) | \(cell(details)) |\n"
            }
            if r.events.count > maxRows { out += "\n\(r.events.count - maxRows) more events: `chase events` lists them all.\n" }
        }
        if !r.writes.isEmpty {
            out += "\nFiles: " + r.writes.prefix(maxRows).map { "`\(cell($0))`" }.joined(separator: ", ")
            out += (r.writes.count > maxRows ? ", …" : "") + "\n"
        }
        return out
    }

    /// Errors on invalid files (at their line), warnings for breaches (on the review or task file).
    public static func annotations(_ r: TickReport, settings: NotificationSettings) -> [String] {
        r.events.filter { annotated.contains($0.type) }.compactMap { e in
            // The notifier annotates what a recipient gets through the github channel; once is enough.
            if r.notifications != nil,
               NotificationRouting.notifications(for: [e], settings: settings).contains(where: { $0.channel == .github }) { return nil }
            return GitHubActions.annotation(for: e)
        }
    }

    private static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
