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
        let parsed = sharingKeyLines(try ParseCache.read(path: path, oid: oid, kind: kind, in: repo, limits: limits))
        if remember { entries[key] = parsed }
        return parsed
    }

    /// Many files read afresh (a folder listed whole, as on a first tick): the same answers as
    /// `parsed(…, remember: false)` one by one, in the same order, but read and parsed on every core
    /// (up to four), each worker through its own handle on the repository (libgit2 shares nothing
    /// else between handles but its locked pack cache). A file the last run parsed is not read again.
    func parsedAll(_ files: [TreeEntry], in repo: Repository, workers cores: Int = ParseCache.workers) throws -> [ParsedFile] {
        var out = [ParsedFile?](repeating: nil, count: files.count)
        var todo: [Int] = []
        for (i, f) in files.enumerated() {
            if let file = stored?.snapshot.file(at: f.path), file.oid == f.oid, EntryKind(mode: file.mode) == EntryKind(mode: f.mode) {
                hits += 1
                out[i] = file.parsed
            } else {
                todo.append(i)
            }
        }
        misses += todo.count
        let workers = min(cores, todo.count / ParseCache.filesPerWorker)
        if workers < 2 {
            for i in todo {
                out[i] = try ParseCache.read(path: files[i].path, oid: files[i].oid, kind: EntryKind(mode: files[i].mode), in: repo, limits: limits)
            }
        } else {
            let parsed = try ParseCache.readInParallel(todo.map { files[$0] }, gitDir: repo.gitDir, workers: workers, limits: limits)
            for (j, i) in todo.enumerated() { out[i] = parsed[j] }
        }
        return out.map { sharingKeyLines($0!) }
    }

    /// The cores a cold read uses, and the fewest files worth a worker of their own.
    static let workers = min(ProcessInfo.processInfo.activeProcessorCount, 4)
    static let filesPerWorker = 256

    /// One file's bytes from git, parsed; no state of the cache is touched, so workers may share it.
    private static func read(path: String, oid: Oid, kind: EntryKind, in repo: Repository, limits: FrontMatterLimits) throws -> ParsedFile {
        let bytes: [UInt8]
        if kind == .file, path.hasPrefix(RepoPath.queue) || path.hasPrefix(RepoPath.reviews) {
            // Size first, so a huge blob is refused without loading it.
            let size = try repo.blobSize(oid)
            if size > limits.maxFileBytes {
                return .invalid(FileProblems([FileProblem(
                    path: path, message: FrontMatterError.tooLarge(bytes: size, limit: limits.maxFileBytes).description)]))
            }
            bytes = try repo.blob(oid)
        } else {
            bytes = []
        }
        return QueueFileParser.parse(path: path, kind: kind, bytes: bytes, limits: limits)
    }

    /// `files` read and parsed by `workers` threads, each over a contiguous share (neighbouring
    /// files tend to share delta bases in the pack), each with its own repository handle.
    private static func readInParallel(_ files: [TreeEntry], gitDir: String, workers: Int, limits: FrontMatterLimits) throws -> [ParsedFile] {
        let results = ParallelResults(count: files.count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            do {
                let repo = try Repository.open(at: gitDir)
                for i in (w * files.count / workers)..<((w + 1) * files.count / workers) {
                    results.set(i, try read(path: files[i].path, oid: files[i].oid, kind: EntryKind(mode: files[i].mode), in: repo, limits: limits))
                }
            } catch {
                results.fail(error)
            }
        }
        return try results.finish()
    }

    /// Files written from one template have the same key lines: one copy for all of them.
    private func sharingKeyLines(_ parsed: ParsedFile) -> ParsedFile {
        guard case .task(var task) = parsed else { return parsed }
        if let shared = keyLines[task.lines.pairs] {
            task.lines = shared
        } else {
            keyLines[task.lines.pairs] = task.lines
        }
        return .task(task)
    }
}

/// The workers' answers, each written once to its own slot, and the first error.
private final class ParallelResults: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<ParsedFile?>
    private let lock = NSLock()
    private var error: Error?

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// Each index by one worker only.
    func set(_ i: Int, _ parsed: ParsedFile) { slots[i] = parsed }

    func fail(_ error: Error) {
        lock.lock()
        if self.error == nil { self.error = error }
        lock.unlock()
    }

    func finish() throws -> [ParsedFile] {
        if let error { throw error }
        return slots.map { $0! }
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
