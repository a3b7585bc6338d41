import ChaseCore
import GitKit

/// Loads the queue as it is in one tree: every task and review file, parsed through the cache.
struct StateLoader {
    let repo: Repository
    let cache: ParseCache

    struct Loaded {
        var state: QueueState
        /// Blob id of every file read, by path, to fetch the bytes of the files the rules edit.
        var blobs: [String: Oid]
    }

    func load(tree: Oid) throws -> Loaded {
        var files: [(path: String, parsed: ParsedFile)] = []
        var blobs: [String: Oid] = [:]
        for folder in [RepoPath.queue, RepoPath.reviews] {
            for entry in try repo.treeEntries(tree, under: folder) {
                files.append((entry.path, try cache.parsed(path: entry.path, oid: entry.oid, mode: entry.mode, in: repo)))
                blobs[entry.path] = entry.oid
            }
        }
        return Loaded(state: QueueState(files: files), blobs: blobs)
    }
}
