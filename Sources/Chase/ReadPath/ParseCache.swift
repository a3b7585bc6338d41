import ChaseCore
import Foundation
import GitKit

/// Parsed files by blob id and path: an unchanged file is parsed once per run, and, with a
/// persistent `StateCache`, once for as long as it stays unchanged, across runs.
/// (The id alone is not enough: the same bytes under another name fail the id == file name check.)
final class ParseCache {
    private struct Key: Hashable {
        let oid: Oid
        let path: String
        let kind: EntryKind
    }

    private var entries: [Key: ParsedFile] = [:]
    private var keyLines: [[KeyLines.Pair]: KeyLines] = [:]
    private(set) var hits = 0
    private(set) var misses = 0
    let limits = FrontMatterLimits.default
    /// Where parsed files are kept between runs (nil: this run only).
    let persistent: StateCache?
    private var loaded = false
    private var storedValue: StateCache.Loaded?

    /// A cache for this run only.
    init() {
        persistent = nil
    }

    /// A cache that starts from, and `StateLoader` saves to, the repository's `StateCache`.
    init(persistentIn repo: Repository) {
        persistent = StateCache(gitDir: repo.gitDir, limits: limits)
        ParseCache.keepLast(self)
    }

    /// The last persistent cache made, and the state built from it, kept until the next one is made
    /// or the process ends, so that a large queue's parsed files are not freed one object at a time
    /// at the end of a tick, whose process ends right after. Only one is ever kept.
    private static let last = LastCache()
    var lastState: QueueState?

    private static func keepLast(_ cache: ParseCache) {
        last.lock.lock()
        let previous = last.cache
        last.cache = cache
        last.lock.unlock()
        _ = previous  // released here, outside the lock
    }

    private final class LastCache: @unchecked Sendable {
        let lock = NSLock()
        var cache: ParseCache?
    }

    init(persistent: StateCache) {
        self.persistent = persistent
    }

    /// What the last run left, read on first use.
    var stored: StateCache.Loaded? {
        if !loaded {
            loaded = true
            storedValue = persistent?.load()
        }
        return storedValue
    }

    private var reader: TreeReader?

    /// The tree reader of this run, shared by the diffs of the range and the state load, so each
    /// tree is read once.
    func trees(_ repo: Repository) throws -> TreeReader {
        if let reader { return reader }
        let made = try TreeReader(repo)
        reader = made
        return made
    }

    /// After a save: the snapshot now on disk, for a later load in this run.
    func replaceStored(_ value: StateCache.Loaded?) {
        loaded = true
        storedValue = value
    }

    /// `remember: false` for a file read once (a whole folder listed afresh): not worth hashing its key.
    func parsed(path: String, oid: Oid, mode: UInt32?, in repo: Repository, remember: Bool = true) throws -> ParsedFile {
        let kind = EntryKind(mode: mode)
        let key = Key(oid: oid, path: path, kind: kind)
        if !entries.isEmpty, let hit = entries[key] { hits += 1; return hit }
        if let file = stored?.snapshot.file(at: path), file.oid == oid, EntryKind(mode: file.mode) == kind {
            hits += 1
            entries[key] = file.parsed
            return file.parsed
        }
        misses += 1
        let bytes: [UInt8]
        if kind == .file, path.hasPrefix(RepoPath.queue) || path.hasPrefix(RepoPath.reviews) {
            // Size first, so a huge blob is refused without loading it.
            let size = try repo.blobSize(oid)
            if size > limits.maxFileBytes {
                let parsed = ParsedFile.invalid(FileProblems([FileProblem(
                    path: path, message: FrontMatterError.tooLarge(bytes: size, limit: limits.maxFileBytes).description)]))
                entries[key] = parsed
                return parsed
            }
            bytes = try repo.blob(oid)
        } else {
            bytes = []
        }
        var parsed = QueueFileParser.parse(path: path, kind: kind, bytes: bytes, limits: limits)
        if case .task(var task) = parsed {
            // Files written from one template have the same key lines: one copy for all of them.
            if let shared = keyLines[task.lines.pairs] {
                task.lines = shared
            } else {
                keyLines[task.lines.pairs] = task.lines
            }
            parsed = .task(task)
        }
        if remember { entries[key] = parsed }
        return parsed
    }
}

extension EntryKind {
    init(mode: UInt32?) {
        switch mode {
        case 0o100644, 0o100755, nil: self = .file
        case 0o120000: self = .symlink
        default: self = .other
        }
    }
}
