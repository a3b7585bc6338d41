import ChaseCore
import Foundation
import GitKit
import SeededRandom

/// Writes generated commits straight into a bare repository's object database through GitKit:
/// blobs, trees (only the folders a commit changes are rewritten) and commits, no work tree, no
/// index and no git process, which is what makes 100,000 files and 10,000 commits quick to make.
final class RepositoryWriter {
    let repo: Repository
    private(set) var head: Oid?
    private(set) var tree: Oid?

    init(path: String) throws {
        repo = try Repository.initialize(at: path, bare: true, initialBranch: "main")
    }

    @discardableResult
    func commit(_ c: GeneratedCommit, parent: Oid? = nil) throws -> Oid {
        let base = try parent.map { try repo.commit($0).tree } ?? tree
        let newTree = try repo.buildTree(base: base, changes: c.changes)
        let oid = try repo.createCommit(tree: newTree, parents: (parent ?? head).map { [$0] } ?? [], author: c.author,
                                        committer: c.author, message: c.message + "\n")
        if parent == nil {
            head = oid
            tree = newTree
        }
        return oid
    }
}

/// What a generated repository is, recorded beside it so a later run with the same parameters
/// (and `--work-dir`) reuses it instead of generating it again.
struct GeneratedStamp: Codable, Equatable {
    /// Bumped whenever the generator's output changes.
    static let generatorVersion = 3
    var version = GeneratedStamp.generatorVersion
    var kind: String
    var seed: UInt64
    var tasks: Int
    var commits: Int
    var packed: Bool
    // Filled by generation.
    var files = 0
    var now = ""
    var base = ""
    var heads: [String: String] = [:]
    var history: [String] = []
    /// The clock of the tick after the last generated commit.
    var end = ""

    func matches(_ other: GeneratedStamp) -> Bool {
        version == other.version && kind == other.kind && seed == other.seed && tasks == other.tasks
            && commits == other.commits && packed == other.packed
    }
}

/// Generated repositories, made once per run (or reused from the work folder).
struct Generator {
    var workDir: URL
    var seed: UInt64
    var packed: Bool
    var git: GitCommandLine

    static let botName = "chase[bot]"

    func load(_ wanted: GeneratedStamp, at dir: URL) -> GeneratedStamp? {
        let stampURL = dir.appendingPathComponent("stamp.json")
        guard let data = try? Data(contentsOf: stampURL),
              let stamp = try? JSONDecoder().decode(GeneratedStamp.self, from: data), stamp.matches(wanted) else { return nil }
        return stamp
    }

    func save(_ stamp: GeneratedStamp, at dir: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(stamp).write(to: dir.appendingPathComponent("stamp.json"))
    }

    /// A queue of `tasks` tasks of `shape` (with their reviews and some work products) in one commit, `base`, and
    /// two commits on top of it, each on its own ref: `incremental` (an agent starts one task) and
    /// `commit-back` (100 new tasks without `created`, which the bot fills in: 100 file writes).
    func queueRepository(tasks: Int, shape: Corpus.Shape) throws -> (url: URL, stamp: GeneratedStamp) {
        let name = shape == .settled ? "queue" : "queue-\(shape.rawValue)"
        let dir = workDir.appendingPathComponent("\(name)-\(tasks)")
        var stamp = GeneratedStamp(kind: name, seed: seed, tasks: tasks, commits: 0, packed: packed)
        if let found = load(stamp, at: dir) { return (dir, found) }
        try? FileManager.default.removeItem(at: dir)
        progress("generating a \(shape.rawValue) queue of \(tasks) tasks")
        let now = Date(timeIntervalSince1970: 1_772_366_400) // 2026-03-01T12:00:00Z
        var corpus = Corpus(seed: seed ^ UInt64(tasks))
        corpus.populate(count: tasks, now: now, shape: shape)
        let writer = try RepositoryWriter(path: dir.appendingPathComponent("repo.git").path)
        let files = corpus.files()
        let lead = (name: "Human Lead", email: "lead@example.com")
        let base = try writer.commit(GeneratedCommit(
            author: Signature(name: lead.name, email: lead.email, time: now.addingTimeInterval(-3600)),
            message: "Import the queue", changes: files.mapValues { .write($0) }))

        // One task started by its agent: an event, and nothing for the bot to write.
        var started = corpus.tasks.last { $0.status == .pending && $0.assignee != nil && !$0.brokenAssignee }!
        started.status = .inProgress
        let incremental = try writer.commit(GeneratedCommit(
            author: Signature(name: "Agent 02", email: "agent-02@example.com", time: now.addingTimeInterval(-1800)),
            message: "\(started.id): start", changes: [started.path: .write(started.render())]), parent: base)

        // A batch of new tasks without `created`: the bot fills it in each, 100 writes.
        var batch: [String: TreeChange] = [:]
        for _ in 0..<100 {
            let t = corpus.makeTask(type: .lore, status: .inProgress, created: nil, now: now)
            batch[t.path] = .write(t.render())
        }
        let commitBack = try writer.commit(GeneratedCommit(
            author: Signature(name: lead.name, email: lead.email, time: now.addingTimeInterval(-1800)),
            message: "Import 100 tasks from the planning sheet", changes: batch), parent: base)

        try writer.repo.updateReference("refs/heads/main", to: base, expected: nil, message: "bench")
        try writer.repo.updateReference("refs/bench/incremental", to: incremental, expected: nil, message: "bench")
        try writer.repo.updateReference("refs/bench/commit-back", to: commitBack, expected: nil, message: "bench")
        if packed { try git.repack(dir.appendingPathComponent("repo.git").path) }
        try GitCommandLine.compactObjectsFolder(dir.appendingPathComponent("repo.git").path)
        stamp.files = files.count
        stamp.now = Timestamp.format(now)
        stamp.base = base.hex
        stamp.heads = ["incremental": incremental.hex, "commit-back": commitBack.hex]
        try save(stamp, at: dir)
        return (dir, stamp)
    }

    /// A queue of `tasks` tasks of `shape` in one commit, `base`, then `commits` commits of a team's edits.
    func replayRepository(tasks: Int, commits: Int, shape: Corpus.Shape) throws -> (url: URL, stamp: GeneratedStamp) {
        let name = shape == .settled ? "replay" : "replay-\(shape.rawValue)"
        let dir = workDir.appendingPathComponent("\(name)-\(tasks)-\(commits)")
        var stamp = GeneratedStamp(kind: name, seed: seed, tasks: tasks, commits: commits, packed: packed)
        if let found = load(stamp, at: dir) { return (dir, found) }
        try? FileManager.default.removeItem(at: dir)
        progress("generating \(commits) commits over a \(shape.rawValue) queue of \(tasks) tasks")
        let start = Date(timeIntervalSince1970: 1_767_268_800) // 2026-01-01T12:00:00Z
        var corpus = Corpus(seed: seed ^ 0x5EED ^ UInt64(tasks))
        corpus.populate(count: tasks, now: start, shape: shape)
        let writer = try RepositoryWriter(path: dir.appendingPathComponent("repo.git").path)
        let files = corpus.files()
        let base = try writer.commit(GeneratedCommit(
            author: Signature(name: "Human Lead", email: "lead@example.com", time: start.addingTimeInterval(-3600)),
            message: "Import the queue", changes: files.mapValues { .write($0) }))
        var history = History(corpus: corpus)
        var time = start
        var oids: [String] = []
        oids.reserveCapacity(commits)
        for i in 0..<commits {
            time = time.addingTimeInterval(Double(120 + corpus.rng.below(360)))
            oids.append(try writer.commit(history.next(&corpus, time: time)).hex)
            if (i + 1) % 2000 == 0 { progress("  \(i + 1) commits") }
        }
        try writer.repo.updateReference("refs/heads/main", to: base, expected: nil, message: "bench")
        try writer.repo.updateReference("refs/bench/replay", to: writer.head!, expected: nil, message: "bench")
        if packed { try git.repack(dir.appendingPathComponent("repo.git").path) }
        try GitCommandLine.compactObjectsFolder(dir.appendingPathComponent("repo.git").path)
        stamp.files = files.count
        stamp.now = Timestamp.format(start)
        stamp.base = base.hex
        stamp.history = oids
        stamp.end = Timestamp.format(time.addingTimeInterval(600))
        try save(stamp, at: dir)
        return (dir, stamp)
    }
}
