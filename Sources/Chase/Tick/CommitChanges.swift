import ChaseCore
import Foundation
import GitKit

/// One commit's own changes to the watched folders (its tree against its first parent's) and the
/// events they stand for: what a tick derives from a person's commit, and what `chase events`
/// derives again from the same commit later, so the two always agree.
///
/// Files pair by path alone, so a task's identity is its id (its file's stem): a file moved to
/// another name is a deletion and a creation, never a rename, whatever git's similarity
/// detection or the repository's `diff.renames` would say.
struct CommitChanges {
    var events: [Event]
    var entries: [DiffEntry]

    /// `previous`: the commit read just before, oldest first; usually the first parent, whose tree
    /// is then known without a lookup.
    static func read(_ commit: CommitInfo, previous: CommitInfo?, repo: Repository, cache: ParseCache) throws -> CommitChanges {
        let parentTree = try commit.parents.first.map { parent in
            previous?.oid == parent ? previous!.tree : try repo.commit(parent).tree
        }
        let source = EventSource(commit: commit.oid.hex, author: commit.author.name, email: commit.author.email,
                                 time: commit.author.time)
        let entries = try cache.trees(repo).diff(from: parentTree, to: commit.tree, under: RepoPath.watched, findRenames: false)
        var events: [Event] = []
        for entry in entries {
            let before = try entry.oldPath.flatMap { path in
                try entry.oldOid.map { try cache.parsed(path: path, oid: $0, mode: entry.oldMode, in: repo) }
            }
            let after = try entry.newPath.flatMap { path in
                try entry.newOid.map { try cache.parsed(path: path, oid: $0, mode: entry.newMode, in: repo) }
            }
            events += EventDerivation.events(for: FileChange(oldPath: entry.oldPath, newPath: entry.newPath, before: before, after: after),
                                             source: source)
        }
        return CommitChanges(events: events, entries: entries)
    }
}
