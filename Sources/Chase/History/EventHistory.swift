import ChaseCore
import Foundation
import GitKit

/// One commit of the branch's first-parent history as the reports read it: who made it, the
/// events it stands for, and which tasks it touched.
public struct HistoryCommit: Sendable {
    public var commit: String
    public var author: String
    public var email: String
    public var time: Date
    /// True for the bot's own commits (`BotIdentity.isBotCommit`); only theirs are read for events.
    public var isBot: Bool
    /// A person's commit: the events derived from its own changes. A bot commit: the events of its
    /// rules, read from its `Chase-Event` trailers.
    public var events: [Event]
    /// Task ids whose task or review files the commit changed, not counting tasks it added (only when asked for).
    public var touchedTasks: Set<String>
}

/// The branch's history, oldest first.
///
/// The commits are the one source of truth. A person's events are derived again from each commit's
/// own changes, the same way a tick derives them, so they are there whether or not a tick ever
/// wrote anything after them. The bot's own events (what its rules decided) are read from its
/// commits; those trailers also repeat the people's events the tick saw, which are skipped here
/// since the derivation already has them.
public enum EventHistory {
    public static func read(_ snapshot: QueueSnapshot, touchedTasks: Bool = false) throws -> [HistoryCommit] {
        do {
            let repo = snapshot.repo
            let cache = ParseCache()
            var out: [HistoryCommit] = []
            var derived: Set<EventKey> = []
            var previous: CommitInfo?
            for info in try repo.firstParentHistory(from: snapshot.headOid, stopAt: { _ in false }).reversed() {
                defer { previous = info }
                let isBot = info.isBotCommit(of: snapshot.config.bot)
                var touched: Set<String> = []
                let events: [Event]
                if isBot {
                    events = ownEvents(of: info).filter { !derived.contains(EventKey($0)) }
                } else {
                    let changes = try CommitChanges.read(info, previous: previous, repo: repo, cache: cache)
                    events = changes.events
                    derived.formUnion(events.map(EventKey.init))
                    // Adding a task is asking for work, not changing it: only later edits count.
                    if touchedTasks {
                        for entry in changes.entries where !(entry.status == .added && entry.path.hasPrefix(RepoPath.queue)) {
                            for path in [entry.oldPath, entry.newPath].compactMap({ $0 })
                            where path.hasPrefix(RepoPath.queue) || path.hasPrefix(RepoPath.reviews) {
                                // queue/X.md → X; reviews/X.type[.rN].md → X.
                                let stem = RepoPath.stem(path)
                                touched.insert(path.hasPrefix(RepoPath.reviews) ? String(stem.prefix { $0 != "." }) : stem)
                            }
                        }
                    }
                }
                out.append(HistoryCommit(commit: info.oid.hex, author: info.author.name, email: info.author.email,
                                         time: info.author.time, isBot: isBot, events: events, touchedTasks: touched))
            }
            return out
        } catch let error as GitError {
            throw ChaseError.git(error)
        }
    }

    /// The events a bot commit records as its own: those made under its own name. The people's
    /// events it repeats carry their authors' names.
    static func ownEvents(of info: CommitInfo) -> [Event] {
        CommitMessage.events(info.message).filter { $0.author == info.author.name }
    }

    /// What makes two records the same event: a rule event and a person's never share all three.
    private struct EventKey: Hashable {
        let type: EventType
        let subject: String
        let commit: String
        init(_ e: Event) { type = e.type; subject = e.subject; commit = e.commit }
    }
}
