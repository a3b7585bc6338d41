import ChaseCore
import Foundation
import GitKit

/// One commit of the branch's first-parent history as the reports read it: who made it, the
/// events a bot commit recorded (`Chase-Event` trailers), and which tasks it touched.
public struct HistoryCommit: Sendable {
    public var commit: String
    public var author: String
    public var email: String
    public var time: Date
    /// True for the bot's own commits (`BotIdentity.isBotCommit`); only theirs are read for events.
    public var isBot: Bool
    public var events: [Event]
    /// Task ids whose task or review files the commit changed, not counting tasks it added (only when asked for).
    public var touchedTasks: Set<String>
}

/// The branch's history, oldest first.
public enum EventHistory {
    public static func read(_ snapshot: QueueSnapshot, touchedTasks: Bool = false) throws -> [HistoryCommit] {
        do {
            let repo = snapshot.repo
            var out: [HistoryCommit] = []
            for info in try repo.firstParentHistory(from: snapshot.headOid, stopAt: { _ in false }).reversed() {
                let isBot = info.isBotCommit(of: snapshot.config.bot)
                var touched: Set<String> = []
                if touchedTasks, !isBot {
                    let parentTree = try info.parents.first.map { try repo.commit($0).tree }
                    // Adding a task is asking for work, not changing it: only later edits count.
                    for entry in try repo.treeDiff(from: parentTree, to: info.tree, under: [RepoPath.queue, RepoPath.reviews])
                    where !(entry.status == .added && entry.path.hasPrefix(RepoPath.queue)) {
                        for path in [entry.oldPath, entry.newPath].compactMap({ $0 }) {
                            // queue/X.md → X; reviews/X.type[.rN].md → X.
                            let stem = RepoPath.stem(path)
                            touched.insert(path.hasPrefix(RepoPath.reviews) ? String(stem.prefix { $0 != "." }) : stem)
                        }
                    }
                }
                out.append(HistoryCommit(commit: info.oid.hex, author: info.author.name, email: info.author.email,
                                         time: info.author.time, isBot: isBot,
                                         events: isBot ? CommitMessage.events(info.message) : [], touchedTasks: touched))
            }
            return out
        } catch let error as GitError {
            throw ChaseError.git(error)
        }
    }
}
