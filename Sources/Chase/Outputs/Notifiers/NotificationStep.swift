import ChaseCore
import Foundation
import GitKit

/// Step 7 of a tick: deliver the notifications not delivered yet and the outbox's due retries, then
/// record the outbox's changes in a follow-up commit. Called after the bot's commit and the marker,
/// so nothing here can hold back or undo the tick's work.
///
/// `refs/chase/notified/<branch>` names the last commit whose events were handed to delivery, so a
/// tick that stopped after its commit and before this step is caught up by the next one: the events
/// of the bot commits after that ref (their `Chase-Event` trailers) are delivered then.
struct NotificationStep {
    var settings: NotificationSettings
    var now: Date
    var environment: [String: String]
    var emit: @Sendable (String) -> Void
    var bot: BotIdentity

    static func notifiedRef(_ branch: String) -> String { "refs/chase/notified/\(branch)" }
    /// How far back a late delivery looks, so a ref left far behind cannot replay a long history.
    static let catchUpLimit = 100

    /// Before the first bot commit on a branch, notes where delivery stands (the head before the
    /// commit), so that a tick stopped between its commit and step 7 is caught up by the next one.
    static func anchor(repo: Repository, branch: String, at head: Oid) throws {
        let ref = notifiedRef(branch)
        guard try repo.referenceTarget(ref) == nil else { return }
        do {
            try repo.updateReference(ref, to: head, expected: nil, message: "chase: notified")
        } catch let error as GitError where error.isConflict {
            // Another run set it first; theirs is as good.
        }
    }

    /// `events` are this tick's; `committed` says whether its commit carries them; `processed` is
    /// what the tick processed (its commit, or the head it read when it wrote nothing).
    func run(events: [Event], committed: Bool, processed: Oid, repo: Repository, branch: String) throws -> NotificationReport {
        var report = NotificationReport()
        let notifiedRef = NotificationStep.notifiedRef(branch)
        let notified = try repo.referenceTarget(notifiedRef)
        guard let head = try repo.referenceTarget("refs/heads/\(branch)") else { return report }
        // This tick's events are in its commit, which the catch-up reads; those of a tick with no
        // commit are only here — unless delivery already reached this head: then they are a stopped
        // run's, read again because its marker did not move, and were handed over then.
        let pending = undelivered(since: notified, head: head, repo: repo).map { $0 + (committed || notified == head ? [] : events) } ?? events
        let fresh = NotificationRouting.notifications(for: pending, settings: settings)
        let (outbox, unreadable) = try NotificationStep.outbox(repo: repo, tree: try repo.commit(head).tree)
        report.notes += unreadable.map { "\($0) is not an outbox entry; left as it is" }
        if !fresh.isEmpty || outbox.values.contains(where: { $0.isDue(at: now) }) {
            let delivery = NotificationDelivery(
                settings: settings, now: now,
                webhook: WebhookNotifier(environment: environment, timeout: settings.timeout),
                github: GitHubNotifier(actions: GitHubActions(environment: environment), emit: emit))
            let (changes, delivered) = delivery.run(fresh: fresh, outbox: outbox)
            let notes = report.notes
            report = delivered
            report.notes = notes + delivered.notes
            if !changes.isEmpty {
                // The follow-up commit's trailer names what the tick processed, which makes it a bot
                // commit; it ends a later tick's reading only when that is its parent.
                let message = NotificationStep.message(changes: changes, report: report, processedThrough: processed)
                switch try BotFollowUpCommit(repo: repo, branch: branch, signature: bot.signature(at: now))
                    .commit(changes, message: message) {
                case .committed(let oid): report.commit = oid.hex
                case .nothingToDo: break
                case .skipped(let why): report.notes.append("the outbox was not committed: \(why)")
                }
            }
        }
        let done = report.commit.flatMap(Oid.init(hex:)) ?? head
        if notified != done {
            do {
                try repo.updateReference(notifiedRef, to: done, expected: notified, message: "chase: notified")
            } catch let error as GitError where error.isConflict {
                report.notes.append("\(notifiedRef) was moved by another run; left as it is")
            }
        }
        return report
    }

    /// The outbox's entries in `tree` by path, and the paths of the files in it that are not entries.
    static func outbox(repo: Repository, tree: Oid) throws -> (entries: [String: OutboxEntry], unreadable: [String]) {
        var entries: [String: OutboxEntry] = [:], unreadable: [String] = []
        for entry in try repo.treeEntries(tree, under: OutboxEntry.folder) where entry.path.hasSuffix(".json") {
            if let parsed = OutboxEntry.parse(try repo.blob(entry.oid)) { entries[entry.path] = parsed } else { unreadable.append(entry.path) }
        }
        return (entries, unreadable)
    }

    /// When the outbox in `tree` next has a retry due; nil when it has none.
    static func nextRetry(repo: Repository, tree: Oid) throws -> Date? {
        try outbox(repo: repo, tree: tree).entries.values.filter { !$0.gaveUp }.compactMap(\.nextAttempt).min()
    }

    /// Events of the bot commits after `notified` up to `head`, oldest first; nil when there is no
    /// such ref yet or it is not on the branch any more (rewritten history): old events are never replayed.
    private func undelivered(since notified: Oid?, head: Oid, repo: Repository) -> [Event]? {
        guard let notified, (try? repo.isAncestor(notified, of: head)) == true else { return nil }
        if notified == head { return [] }
        let commits = (try? repo.firstParentHistory(from: head, stopAt: { $0.oid == notified }, limit: NotificationStep.catchUpLimit)) ?? []
        return commits.reversed().flatMap { c in
            c.isBotCommit(of: bot) ? CommitMessage.events(c.message) : []
        }
    }

    static func message(changes: [String: [UInt8]?], report: NotificationReport, processedThrough: Oid) -> String {
        var parts: [String] = []
        if !report.kept.isEmpty { parts.append("\(report.kept.count) kept for retry") }
        if !report.gaveUp.isEmpty { parts.append("\(report.gaveUp.count) given up") }
        if !report.queued.isEmpty { parts.append("\(report.queued.count) queued") }
        let removed = changes.values.filter { $0 == nil }.count
        if removed > 0 { parts.append("\(removed) delivered on retry") }
        var text = "chase: outbox: " + (parts.isEmpty ? "updated" : parts.joined(separator: ", ")) + "\n\n"
        for path in changes.keys.sorted() { text += "\(changes[path]! == nil ? "removed" : "wrote") \(path)\n" }
        return text + "\n" + CommitMessage.trailerLine(processedThrough: processedThrough.hex)
    }
}
