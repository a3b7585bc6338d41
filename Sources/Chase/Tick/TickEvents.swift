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
        let trees = try cache.trees(repo)
        var previous: CommitInfo?
        for commit in commits {
            // Oldest first: a commit's first parent is usually the commit read just before.
            let parentTree = try commit.parents.first.map { parent in
                previous?.oid == parent ? previous!.tree : try repo.commit(parent).tree
            }
            previous = commit
            let source = EventSource(commit: commit.oid.hex, author: commit.author.name, email: commit.author.email,
                                     time: commit.author.time)
            for entry in try trees.diff(from: parentTree, to: commit.tree, under: RepoPath.watched, findRenames: true) {
                let before = try entry.oldPath.flatMap { path in
                    try entry.oldOid.map { try cache.parsed(path: path, oid: $0, mode: entry.oldMode, in: repo) }
                }
                let after = try entry.newPath.flatMap { path in
                    try entry.newOid.map { try cache.parsed(path: path, oid: $0, mode: entry.newMode, in: repo) }
                }
                let change = FileChange(oldPath: entry.oldPath, newPath: entry.newPath,
                                        before: entry.status == .added ? nil : before,
                                        after: entry.status == .deleted ? nil : after)
                let events = EventDerivation.events(for: change, source: source)
                for e in events where e.type == .taskCreated { out.createdTimes[e.subject] = commit.author.time }
                out.events += events
                if let p = entry.oldPath { out.changedPaths.insert(p) }
                if let p = entry.newPath { out.changedPaths.insert(p) }
            }
        }
        return out
    }
}
