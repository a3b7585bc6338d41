import ChaseCore
import Foundation

/// Delivers one tick's notifications and the outbox entries due for another try, and says how the
/// outbox must change: failed deliveries kept (with backoff), delivered retries removed, outbox
/// channel entries added. It never throws for a delivery problem: a failure is data, so it cannot
/// block the tick.
struct NotificationDelivery {
    var settings: NotificationSettings
    var now: Date
    var webhook: WebhookNotifier
    var github: GitHubNotifier

    /// A path's new bytes, or nil to delete it.
    typealias OutboxChanges = [String: [UInt8]?]

    func run(fresh: [Notice], outbox: [String: OutboxEntry]) -> (changes: OutboxChanges, report: NotificationReport) {
        var changes: OutboxChanges = [:], report = NotificationReport()
        // A webhook that timed out or could not be reached is not called again in this tick, so a
        // dead endpoint costs one timeout, not one per notification.
        var unreachable: Set<String> = [], unset: Set<String> = []

        func attempt(_ n: Notice) -> WebhookNotifier.Outcome? {
            let name = n.webhookURLEnv ?? NotificationSettings.defaultWebhookEnv
            if unreachable.contains(name) { return nil }
            let outcome = webhook.deliver(n)
            if case .failed(_, endpointDown: true) = outcome { unreachable.insert(name) }
            if case .notConfigured(let name) = outcome { unset.insert(name) }
            return outcome
        }

        let githubOnes = fresh.filter { $0.channel == .github }
        do {
            try github.deliver(githubOnes)
            if github.isActive { report.annotations = githubOnes.count }
        } catch {
            report.notes.append("the step summary could not be written: \(error)")
        }

        for n in fresh where n.channel == .outbox {
            let entry = OutboxEntry(notice: n)
            if outbox[entry.path] == nil { changes[entry.path] = entry.bytes }
            report.queued.append(n.key)
        }

        for n in fresh where n.channel == .webhook {
            let path = OutboxEntry.path(for: n)
            // Already waiting in the outbox (the same event seen again): its retry schedule rules.
            if outbox[path] != nil { continue }
            switch attempt(n) {
            case .delivered:
                report.delivered.append(n.key)
            case .failed(let reason, _):
                let entry = OutboxEntry(notice: n).failed(reason, at: now, settings: settings)
                changes[path] = entry.bytes
                record(entry, reason, in: &report)
            case .notConfigured:
                break
            case nil:
                // Not tried: due at once on the next tick, with no attempt counted.
                changes[path] = OutboxEntry(notice: n, nextAttempt: now, lastError: "not tried: the webhook failed earlier").bytes
                report.kept[n.key] = "not tried: the webhook failed earlier in this tick"
            }
        }

        for (path, entry) in outbox.sorted(by: { $0.key < $1.key }) where entry.notice.channel == .webhook && entry.isDue(at: now) {
            switch attempt(entry.notice) {
            case .delivered:
                changes[path] = .some(nil)
                report.delivered.append(entry.notice.key)
            case .failed(let reason, _):
                let next = entry.failed(reason, at: now, settings: settings)
                changes[path] = next.bytes
                record(next, reason, in: &report)
            case .notConfigured, nil:
                break
            }
        }
        // The default webhook unset on a person's machine is the usual case, not news: it is said
        // under Actions, where the secret is expected, or for a variable a recipient names itself.
        for name in unset.sorted() where github.isActive || name != NotificationSettings.defaultWebhookEnv {
            report.notes.append("\(name) is not set: webhook notifications were not sent (failed ones stay in the outbox)")
        }
        return (changes, report)
    }

    private func record(_ entry: OutboxEntry, _ reason: String, in report: inout NotificationReport) {
        if entry.gaveUp { report.gaveUp.append(entry.notice.key) } else { report.kept[entry.notice.key] = reason }
    }
}
