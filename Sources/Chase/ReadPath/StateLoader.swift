import ChaseCore
import GitKit

/// Loads the queue as it is in one tree: every task and review file, parsed through the cache.
/// With a persistent cache it starts from the snapshot the last run saved and reads only the files
/// that differ between the snapshot's folders and this tree's, then saves the new snapshot, so its
/// cost follows the change, not the size of the queue.
struct StateLoader {
    let repo: Repository
    let cache: ParseCache

    struct Loaded {
        var state: QueueState
        /// Blob id of every file read, by path, to fetch the bytes of the files the rules edit.
        var blobs: BlobIndex
    }

    func load(tree: Oid) throws -> Loaded {
        let reader = try cache.trees(repo)
        let folders: [StateSnapshot.Folder?] = try StateSnapshot.folderNames.map { name in
            try reader.entry(at: name, in: tree).map { StateSnapshot.Folder(oid: $0.oid, mode: $0.mode) }
        }
        var snapshot: StateSnapshot
        var baseID: UInt64?
        // A snapshot whose trees are gone (history rewritten and collected) or that cannot be
        // brought up to date for any reason is dropped: the state is read afresh.
        if let stored = cache.stored, let updated = try? update(stored.snapshot, to: folders, tree: tree, reader) {
            snapshot = updated
            baseID = stored.baseID
            if stored.snapshot.folders == folders { return loaded(snapshot) }
        } else {
            snapshot = StateSnapshot(folders: folders, base: try files(of: folders, tree: tree, reader))
        }
        if let persistent = cache.persistent {
            let id = persistent.save(snapshot, baseID: baseID)
            if let id, id != baseID {
                // A new base was written: it holds the changes now.
                var compacted = snapshot
                compacted.compact()
                cache.replaceStored(StateCache.Loaded(snapshot: compacted, baseID: id))
            } else {
                cache.replaceStored(id.map { StateCache.Loaded(snapshot: snapshot, baseID: $0) })
            }
        }
        return loaded(snapshot)
    }

    private func loaded(_ snapshot: StateSnapshot) -> Loaded {
        let state = snapshot.state
        // The cache shares the state's storage, so the caller's copy is freed without walking it.
        if cache.persistent != nil { cache.lastState = state }
        return Loaded(state: state, blobs: snapshot.blobs)
    }

    /// `snapshot` brought to `folders`: a folder whose tree changed is diffed against the old one
    /// (equal subtrees are skipped by id) and only the changed files are parsed.
    private func update(_ snapshot: StateSnapshot, to folders: [StateSnapshot.Folder?], tree: Oid,
                        _ reader: TreeReader) throws -> StateSnapshot {
        var s = snapshot
        for (i, name) in StateSnapshot.folderNames.enumerated() where s.folders[i] != folders[i] {
            if let old = s.folders[i], let new = folders[i], old.isTree, new.isTree {
                for change in try reader.changes(from: old.oid, to: new.oid, under: [""]) {
                    if let path = change.oldPath { s.remove(name + "/" + path) }
                    if let path = change.newPath, let oid = change.newOid {
                        let full = name + "/" + path
                        s.set(StateSnapshot.File(path: full, oid: oid, mode: change.newMode ?? 0o100644,
                                                 parsed: try cache.parsed(path: full, oid: oid, mode: change.newMode, in: repo)))
                    }
                }
            } else {
                s.removeFolder(name)
                for file in try folderFiles(name, folders[i], tree: tree, reader) { s.set(file) }
            }
            s.folders[i] = folders[i]
        }
        return s
    }

    /// Every file of both folders, in path order.
    private func files(of folders: [StateSnapshot.Folder?], tree: Oid, _ reader: TreeReader) throws -> [StateSnapshot.File] {
        var out: [StateSnapshot.File] = []
        for (i, name) in StateSnapshot.folderNames.enumerated() {
            try appendFolderFiles(name, folders[i], tree: tree, reader, to: &out)
        }
        // git's order of a tree's files is the byte order of their paths; a malformed tree may break it.
        if !zip(out, out.dropFirst()).allSatisfy({ ByteOrder.precedes($0.path, $1.path) }) {
            out.sort { ByteOrder.precedes($0.path, $1.path) }
        }
        return out
    }

    private func folderFiles(_ name: String, _ folder: StateSnapshot.Folder?, tree: Oid,
                             _ reader: TreeReader) throws -> [StateSnapshot.File] {
        var out: [StateSnapshot.File] = []
        try appendFolderFiles(name, folder, tree: tree, reader, to: &out)
        return out
    }

    private func appendFolderFiles(_ name: String, _ folder: StateSnapshot.Folder?, tree: Oid, _ reader: TreeReader,
                                   to out: inout [StateSnapshot.File]) throws {
        guard let folder else { return }
        guard folder.isTree else {
            // A file or a link where the folder belongs hides every task behind it: say so.
            let what = folder.mode == 0o120000 ? "a symbolic link" : "a file"
            out.append(StateSnapshot.File(path: name, oid: folder.oid, mode: folder.mode, parsed: .invalid(FileProblems([FileProblem(
                path: name, message: "\(name) must be a folder of Markdown files; here it is \(what), so nothing in it is read")]))))
            return
        }
        let entries = try reader.entries(of: tree, under: name + "/")
        out.reserveCapacity(out.count + entries.count)
        for entry in entries {
            out.append(StateSnapshot.File(path: entry.path, oid: entry.oid, mode: entry.mode,
                                          parsed: try cache.parsed(path: entry.path, oid: entry.oid, mode: entry.mode, in: repo, remember: false)))
        }
    }
}
