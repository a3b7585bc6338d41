import ChaseCore
import Foundation
import GitKit

/// Step 7 of a tick: deliver the tick's notifications and the outbox's due retries, then record
/// the outbox's changes in a follow-up commit. Called after the bot's commit and the marker, so
/// nothing here can hold back or undo the tick's work.
struct NotificationStep {
    var settings: NotificationSettings
    var now: Date
    var environment: [String: String]
    var emit: @Sendable (String) -> Void
    var signature: Signature

    func run(events: [Event], repo: Repository, branch: String) throws -> NotificationReport {
        let fresh = NotificationRouting.notifications(for: events, settings: settings)
        var report = NotificationReport()
        var outbox: [String: OutboxEntry] = [:]
        if let head = try repo.referenceTarget("refs/heads/\(branch)") {
            for entry in try repo.treeEntries(try repo.commit(head).tree, under: OutboxEntry.folder) where entry.path.hasSuffix(".json") {
                if let parsed = OutboxEntry.parse(try repo.blob(entry.oid)) {
                    outbox[entry.path] = parsed
                } else {
                    report.notes.append("\(entry.path) is not an outbox entry; left as it is")
                }
            }
        }
        guard !fresh.isEmpty || outbox.values.contains(where: { $0.isDue(at: now) }) else { return report }
        let delivery = NotificationDelivery(
            settings: settings, now: now,
            webhook: WebhookNotifier(environment: environment, timeout: settings.timeout),
            github: GitHubNotifier(actions: GitHubActions(environment: environment), emit: emit))
        let (changes, delivered) = delivery.run(fresh: fresh, outbox: outbox)
        report.delivered = delivered.delivered; report.kept = delivered.kept; report.gaveUp = delivered.gaveUp
        report.queued = delivered.queued; report.annotations = delivered.annotations; report.notes += delivered.notes
        guard !changes.isEmpty else { return report }
        let message = NotificationStep.message(changes: changes, report: report)
        switch try BotFollowUpCommit(repo: repo, branch: branch, signature: signature).commit(changes, message: message) {
        case .committed(let oid): report.commit = oid.hex
        case .nothingToDo: break
        case .skipped(let why): report.notes.append("the outbox was not committed: \(why)")
        }
        return report
    }

    static func message(changes: [String: [UInt8]?], report: NotificationReport) -> String {
        var parts: [String] = []
        if !report.kept.isEmpty { parts.append("\(report.kept.count) kept for retry") }
        if !report.gaveUp.isEmpty { parts.append("\(report.gaveUp.count) given up") }
        if !report.queued.isEmpty { parts.append("\(report.queued.count) queued") }
        let removed = changes.values.filter { $0 == nil }.count
        if removed > 0 { parts.append("\(removed) delivered on retry") }
        var text = "chase: outbox: " + (parts.isEmpty ? "updated" : parts.joined(separator: ", ")) + "\n\n"
        for path in changes.keys.sorted() { text += "\(changes[path]! == nil ? "removed" : "wrote") \(path)\n" }
        return text
    }
}
