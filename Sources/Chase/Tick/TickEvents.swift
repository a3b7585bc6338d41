import ChaseCore
import Foundation
import GitKit

/// Step 2 of a tick: the events the commits of the range stand for, and every path they touched.
struct TickEvents {
    var events: [Event] = []
    var changedPaths: Set<String> = []

    static func read(_ commits: [CommitInfo], repo: Repository, cache: ParseCache) throws -> TickEvents {
        var out = TickEvents()
        var previous: CommitInfo?
        for commit in commits {
            let changes = try CommitChanges.read(commit, previous: previous, repo: repo, cache: cache)
            previous = commit
            out.events += changes.events
            for entry in changes.entries {
                if let p = entry.oldPath { out.changedPaths.insert(p) }
                if let p = entry.newPath { out.changedPaths.insert(p) }
            }
        }
        return out
    }
}
