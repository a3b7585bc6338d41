import ChaseCore
import GitKit

/// The parsed files of `queue/` and `reviews/` as of one pair of folder trees: what
/// `StateLoader` reads, kept (by `StateCache`) so that the next tick parses only what changed.
///
/// A base list, sorted by path bytes (git's order of a tree's files), and the changes made on top
/// of it, which is what the cache writes when they are few: a tick over a large queue then writes
/// and rebuilds nothing in proportion to the queue.
struct StateSnapshot {
    /// The entry at the top of the tree for one watched folder (nil: there is none).
    struct Folder: Equatable {
        var oid: Oid
        var mode: UInt32
        var isTree: Bool { mode == 0o040000 }
    }

    struct File {
        var path: String
        var oid: Oid
        var mode: UInt32
        var parsed: ParsedFile
    }

    static let folderNames = ["queue", "reviews"]

    /// `queue` and `reviews`, in that order.
    var folders: [Folder?]
    /// Sorted by path bytes.
    private(set) var base: [File]
    /// Paths changed since `base`, with their file (nil: removed).
    private(set) var changed: [String: File?] = [:]

    init(folders: [Folder?], base: [File]) {
        self.folders = folders
        self.base = base
    }

    /// The index in `base` where `path` is or would be.
    private func position(_ path: String) -> (index: Int, found: Bool) {
        var low = 0, high = base.count
        while low < high {
            let mid = (low + high) / 2
            let c = ByteOrder.compare(base[mid].path, path)
            if c == 0 { return (mid, true) }
            if c < 0 { low = mid + 1 } else { high = mid }
        }
        return (low, false)
    }

    func file(at path: String) -> File? {
        if let change = changed[path] { return change }
        let at = position(path)
        return at.found ? base[at.index] : nil
    }

    mutating func set(_ file: File) { changed[file.path] = .some(file) }

    mutating func remove(_ path: String) { changed[path] = .some(nil) }

    /// Removes every file of one folder (its own problem entry included).
    mutating func removeFolder(_ name: String) {
        for f in files where f.path == name || f.path.hasPrefix(name + "/") { changed[f.path] = .some(nil) }
    }

    /// Every file, base and changes together, in path order.
    var files: [File] {
        guard !changed.isEmpty else { return base }
        var out: [File] = []
        out.reserveCapacity(base.count + changed.count)
        var additions = changed.compactMap { $0.value }.sorted { ByteOrder.precedes($0.path, $1.path) }[...]
        for f in base {
            while let next = additions.first, ByteOrder.precedes(next.path, f.path) {
                out.append(next)
                additions = additions.dropFirst()
            }
            if changed[f.path] == nil { out.append(f) }
        }
        out.append(contentsOf: additions)
        return out
    }

    /// Folds the changes into the base.
    mutating func compact() {
        base = files
        changed = [:]
    }

    /// The state the rules read. The base is walked in place, skipping the files changed on top of it.
    var state: QueueState {
        var skipped: [Int] = []
        for path in changed.keys {
            let at = position(path)
            if at.found { skipped.append(at.index) }
        }
        skipped.sort()
        var tasks = 0, reviews = 0
        for f in base {
            switch f.parsed {
            case .task: tasks += 1
            case .review: reviews += 1
            default: break
            }
        }
        var builder = QueueState.Builder(tasks: tasks + changed.count, reviews: reviews + changed.count)
        var s = 0
        for i in base.indices {
            if s < skipped.count, skipped[s] == i {
                s += 1
                continue
            }
            builder.add(path: base[i].path, parsed: base[i].parsed)
        }
        for case let file? in changed.values { builder.add(path: file.path, parsed: file.parsed) }
        return builder.finish()
    }

    /// The blob id of each file, for the bytes of the files the rules edit.
    var blobs: BlobIndex { BlobIndex(snapshot: self) }
}

/// Blob ids by path, looked up in a snapshot rather than copied out of it.
struct BlobIndex {
    let snapshot: StateSnapshot
    subscript(path: String) -> Oid? { snapshot.file(at: path)?.oid }
}
