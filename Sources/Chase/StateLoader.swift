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
            // A file or a link where the folder belongs hides every task behind it: say so.
            let name = String(folder.dropLast())
            if let mode = try repo.mode(at: name, in: tree), mode != 0o040000 {
                files.append((name, .invalid(FileProblems([FileProblem(
                    path: name, message: "\(name) must be a folder of Markdown files; here it is \(mode == 0o120000 ? "a symbolic link" : "a file"), so nothing in it is read")]))))
                continue
            }
            for entry in try repo.treeEntries(tree, under: folder) {
                files.append((entry.path, try cache.parsed(path: entry.path, oid: entry.oid, mode: entry.mode, in: repo)))
                blobs[entry.path] = entry.oid
            }
        }
        return Loaded(state: QueueState(files: files), blobs: blobs)
    }
}
