import ChaseCore
import Foundation
import GitKit

/// Step 2 of a tick: the events the commits of the range stand for, when each task file was
/// added, and every path they touched.
struct TickEvents {
    var events: [Event] = []
    var createdTimes: [String: Date] = [:]
    var changedPaths: Set<String> = []

    static func read(_ commits: [CommitInfo], repo: Repository, cache: ParseCache) throws -> TickEvents {
        var out = TickEvents()
        var previous: CommitInfo?
        for commit in commits {
            let changes = try CommitChanges.read(commit, previous: previous, repo: repo, cache: cache)
            previous = commit
            for e in changes.events where e.type == .taskCreated { out.createdTimes[e.subject] = commit.author.time }
            out.events += changes.events
            for entry in changes.entries {
                if let p = entry.oldPath { out.changedPaths.insert(p) }
                if let p = entry.newPath { out.changedPaths.insert(p) }
            }
        }
        return out
    }
}
