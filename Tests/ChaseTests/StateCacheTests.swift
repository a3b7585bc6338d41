@testable import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest

/// The parsed queue kept between ticks in the git folder: the state read through it always equals
/// a fresh read, it lets a tick read only what changed, and a damaged, foreign or concurrently
/// written cache is never trusted.
final class StateCacheTests: XCTestCase {
    let now = Timestamp.parse("2026-01-09T10:00:00Z")!

    private func seed(_ repo: TestRepo, tasks: Int = 12) throws {
        for i in 0..<tasks {
            try repo.write("queue/CONTENT-\(i).md", TaskText.make("CONTENT-\(i)", tier: 2, status: i % 3 == 0 ? "in_review" : "pending",
                                                                   assignee: 2, dependsOn: i % 4 == 1 ? ["CONTENT-\(i - 1)"] : []))
            if i % 3 == 0 {
                try repo.write("reviews/CONTENT-\(i).cultural.md", ReviewText.make("CONTENT-\(i)", type: "cultural", reviewer: 9))
            }
        }
        try repo.write("queue/README.md", "# The queue\n")
        try repo.write("queue/BROKEN-1.md", "---\nid: BROKEN-1\nassignee: @agent-02\n---\n")
        try repo.commit("Seed the queue")
    }

    /// The state as a fresh read gives it (no cache), and through `cache`.
    private func states(_ repo: TestRepo, cache: StateCache) throws -> (fresh: QueueState, cached: QueueState) {
        let git = try Repository.open(at: repo.path)
        let tree = try git.commit(try XCTUnwrap(git.referenceTarget("refs/heads/main"))).tree
        let fresh = try StateLoader(repo: git, cache: ParseCache()).load(tree: tree).state
        let cached = try StateLoader(repo: git, cache: ParseCache(persistent: cache)).load(tree: tree).state
        return (fresh, cached)
    }

    private func assertSame(_ a: QueueState, _ b: QueueState, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.tasks, b.tasks, message, file: file, line: line)
        XCTAssertEqual(a.reviews, b.reviews, message, file: file, line: line)
        XCTAssertEqual(a.invalid, b.invalid, message, file: file, line: line)
        XCTAssertEqual(Set(a.relationProblems), Set(b.relationProblems), message, file: file, line: line)
    }

    private func cache(_ repo: TestRepo, maxDeltaChanges: Int = 512) throws -> StateCache {
        StateCache(gitDir: try Repository.open(at: repo.path).gitDir, maxDeltaChanges: maxDeltaChanges)
    }

    // MARK: - Equal to a fresh read

    func testTheCachedStateEqualsAFreshReadThroughEveryKindOfChange() throws {
        let repo = try TestRepo()
        try seed(repo)
        // A small delta limit, so the run goes through deltas and new bases both.
        let cache = try cache(repo, maxDeltaChanges: 3)
        var seen = Set<String>()
        let changes: [(String, () throws -> Void)] = [
            ("edit", { try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", status: "in_progress", assignee: 2)) }),
            ("add", { try repo.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", dependsOn: ["CONTENT-2"])) }),
            ("delete", { try repo.remove("queue/CONTENT-2.md") }),
            ("break", { try repo.write("queue/CONTENT-3.md", "---\nid: CONTENT-3\ntitle: [unclosed\n---\n") }),
            ("orphan the review", { try repo.remove("queue/CONTENT-0.md") }),
            ("bring it back", { try repo.write("queue/CONTENT-0.md", TaskText.make("CONTENT-0", status: "in_review", assignee: 2)) }),
            ("review", { try repo.write("reviews/CONTENT-3.cultural.md", ReviewText.make("CONTENT-3", type: "cultural", reviewer: 9, status: "approved")) }),
            ("rename", {
                try repo.remove("queue/CONTENT-4.md")
                try repo.write("queue/CONTENT-44.md", TaskText.make("CONTENT-44"))
            }),
            ("subfolder", { try repo.write("queue/old/CONTENT-90.md", TaskText.make("CONTENT-90")) }),
            ("many at once", { for i in 20..<30 { try repo.write("queue/ASSET-\(i).md", TaskText.make("ASSET-\(i)", type: "asset")) } }),
            ("reviews become a file", {
                try FileManager.default.removeItem(atPath: repo.workPath + "/reviews")
                try repo.write("reviews", "not a folder\n")
            }),
            ("and a folder again", {
                try repo.remove("reviews")
                try repo.write("reviews/CONTENT-6.cultural.md", ReviewText.make("CONTENT-6", type: "cultural", reviewer: 9))
            }),
            ("queue removed", { try FileManager.default.removeItem(atPath: repo.workPath + "/queue") }),
            ("queue back", { try repo.write("queue/CONTENT-5.md", TaskText.make("CONTENT-5")) }),
        ]
        for (name, change) in changes {
            try change()
            try repo.commit(name)
            let (fresh, cached) = try states(repo, cache: cache)
            assertSame(fresh, cached, name)
            // And read back from disk by a new run.
            let again = try states(repo, cache: cache).cached
            assertSame(fresh, again, "\(name), read back")
            seen.insert(FileManager.default.fileExists(atPath: cache.deltaPath) ? "delta" : "base")
        }
        XCTAssertEqual(seen, ["delta", "base"], "both a delta and a new base were written along the way")
    }

    // MARK: - Cost follows the change

    func testATickReadsOnlyTheFilesThatChanged() throws {
        let repo = try TestRepo()
        try seed(repo, tasks: 30)
        // The first tick commits the bot's edits; the second reads them (the cache was saved before
        // the bot's commit) and leaves the cache at the head a person's next commit builds on.
        _ = try Tick(options: .init(repoPath: repo.path, branch: "main", now: now)).run()
        XCTAssertNil(try Tick(options: .init(repoPath: repo.path, branch: "main", now: now)).run().commit)
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", tier: 2, status: "in_progress", assignee: 2, dependsOn: ["CONTENT-0"]))
        try repo.commit("Start CONTENT-1")
        // Every other task and review blob is gone from the object database: reading one would fail.
        let objects = repo.path + "/.git/objects/"
        for line in try repo.git(["ls-tree", "-r", "main", "--", "queue", "reviews"]).split(separator: "\n") {
            let fields = line.split(separator: " ")
            let oid = String(fields[2].prefix(40)), path = String(line.split(separator: "\t")[1])
            guard path != "queue/CONTENT-1.md" else { continue }
            try? FileManager.default.removeItem(atPath: objects + oid.prefix(2) + "/" + oid.dropFirst(2))
        }
        let report = try Tick(options: .init(repoPath: repo.path, branch: "main", now: now, dryRun: true)).run()
        XCTAssertEqual(report.events.map(\.type), [.taskStarted])
        // Without the cache the same tick has to read them, and cannot.
        try FileManager.default.removeItem(atPath: repo.path + "/.git/chase")
        XCTAssertThrowsError(try Tick(options: .init(repoPath: repo.path, branch: "main", now: now, dryRun: true)).run())
    }

    // MARK: - Never trusted when damaged

    func testADamagedOrForeignCacheIsIgnoredAndRewritten() throws {
        let repo = try TestRepo()
        try seed(repo)
        let cache = try cache(repo)
        _ = try states(repo, cache: cache)
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", status: "in_progress", assignee: 2))
        try repo.commit("Start CONTENT-1")
        _ = try states(repo, cache: cache)
        let base = try Data(contentsOf: URL(fileURLWithPath: cache.basePath))
        let delta = try Data(contentsOf: URL(fileURLWithPath: cache.deltaPath))
        let damages: [(String, (inout Data, inout Data) -> Void)] = [
            ("base truncated", { b, _ in b = b.prefix(b.count / 2) }),
            ("base one byte flipped", { b, _ in b[b.count - 10] ^= 0x40 }),
            ("base empty", { b, _ in b = Data() }),
            ("base garbage", { b, _ in b = Data(repeating: 0x41, count: 4096) }),
            ("base of an older format", { b, _ in b[8] = 0 }),
            ("delta truncated", { _, d in d = d.prefix(d.count - 1) }),
            ("delta one byte flipped", { _, d in d[d.count / 2] ^= 0x01 }),
            ("delta of another base", { _, d in
                // The base id sits after the identity string at the start of the payload.
                let at = StateCache.headerSize + 1 + Int(d[StateCache.headerSize])
                d[at] ^= 0xFF
            }),
            ("both swapped", { b, d in swap(&b, &d) }),
        ]
        for (name, damage) in damages {
            var b = base, d = delta
            damage(&b, &d)
            try b.write(to: URL(fileURLWithPath: cache.basePath))
            try d.write(to: URL(fileURLWithPath: cache.deltaPath))
            let (fresh, cached) = try states(repo, cache: cache)
            assertSame(fresh, cached, name)
            // Rewritten whole: a new run trusts it again and reads the same.
            let reread = try XCTUnwrap(cache.load(), "\(name): the cache was rewritten")
            assertSame(fresh, reread.snapshot.state, name)
        }
        // Written by another build of chase, or with other parser limits: not trusted.
        let other = StateCache(gitDir: try Repository.open(at: repo.path).gitDir, build: "another build")
        XCTAssertNil(other.load())
        XCTAssertNil(StateCache(gitDir: try Repository.open(at: repo.path).gitDir, limits: FrontMatterLimits(maxNodes: 99)).load())
        XCTAssertNotNil(cache.load())
    }

    func testAStateWhoseTreesAreGoneIsReadAfresh() throws {
        let repo = try TestRepo()
        try seed(repo)
        let cache = try cache(repo)
        _ = try states(repo, cache: cache)
        // History rewritten and collected: the cached folders' trees no longer exist.
        try repo.git(["checkout", "-q", "--orphan", "fresh"])
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", title: "Rewritten"))
        try repo.commit("Rewrite")
        try repo.git(["branch", "-f", "main", "fresh"])
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["branch", "-D", "fresh"])
        try repo.git(["reflog", "expire", "--expire=now", "--all"])
        try repo.git(["gc", "-q", "--prune=now"])
        let (fresh, cached) = try states(repo, cache: cache)
        assertSame(fresh, cached)
        XCTAssertEqual(cached.tasks["CONTENT-1"]?.title, "Rewritten")
    }

    func testTheChecksumIsTheSameWhateverTheParts() {
        var state: UInt64 = 5
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            return Int(state >> 33)
        }
        for length in [0, 1, 7, 8, 9, 63, 64, 65, 1000] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: next()) }
            let whole = bytes.withUnsafeBytes { StateCache.checksum($0) }
            for _ in 0..<20 {
                var sum = StateCache.Checksum()
                var at = 0
                while at < length {
                    let part = min(length - at, next() % 13)
                    bytes[at..<(at + part)].withUnsafeBytes { sum.update($0) }
                    at += part
                }
                XCTAssertEqual(sum.finish(), whole, "length \(length)")
            }
            if length > 0 {
                var damaged = bytes
                damaged[length / 2] ^= 1
                XCTAssertNotEqual(damaged.withUnsafeBytes { StateCache.checksum($0) }, whole)
            }
        }
    }

    // MARK: - Where it lives

    func testTheCacheLivesInTheGitFolderAndIsNeverCommitted() throws {
        for bare in [false, true] {
            let repo = try TestRepo(bare: bare)
            try seed(repo)
            try repo.write("queue/NEW-1.md", TaskText.make("NEW-1", type: "ops", created: nil))
            try repo.commit("A task for the bot to fill in")
            let report = try Tick(options: .init(repoPath: repo.path, branch: "main", now: now)).run()
            XCTAssertNotNil(report.commit, "the tick committed")
            let gitDir = bare ? repo.path : repo.path + "/.git"
            XCTAssertTrue(FileManager.default.fileExists(atPath: gitDir + "/chase/state.base"))
            let files = try repo.git(["ls-tree", "-r", "--name-only", "main"])
            XCTAssertFalse(files.contains("chase/") || files.contains("state.base"), files)
            if !bare { XCTAssertEqual(try repo.git(["status", "--porcelain"]), "") }
        }
    }

    func testADryRunWritesTheCacheAndNothingElse() throws {
        let repo = try TestRepo()
        try seed(repo)
        let refs = try repo.git(["for-each-ref"])
        _ = try Tick(options: .init(repoPath: repo.path, branch: "main", now: now, dryRun: true)).run()
        XCTAssertEqual(try repo.git(["for-each-ref"]), refs, "no ref moved")
        XCTAssertTrue(FileManager.default.fileExists(atPath: repo.path + "/.git/chase/state.base"))
    }

    // MARK: - Concurrency

    func testTicksRunningAtOnceLeaveAWholeCache() throws {
        let repo = try TestRepo(bare: true)
        try seed(repo, tasks: 40)
        let chase = StateCache(gitDir: repo.path, build: StateCache.identity(ofExecutable: ChaseBinary.url.path), maxDeltaChanges: 2)
        for round in 0..<4 {
            for i in 0..<(3 * round + 1) {
                try repo.write("queue/CONTENT-\(i).md", TaskText.make("CONTENT-\(i)", title: "Round \(round)", assignee: 2))
            }
            try repo.commit("Round \(round)")
            // Six ticks at once, each reading and writing the cache.
            let group = DispatchGroup()
            let failures = Failures()
            let path = repo.path
            for _ in 0..<6 {
                DispatchQueue.global().async(group: group) {
                    do {
                        let run = try ChaseBinary.run(["tick", "--dry-run", "--repo", path, "--now", "2026-01-09T10:00:00Z"])
                        if run.status != 0 { failures.add(run.stderr) }
                    } catch {
                        failures.add("\(error)")
                    }
                }
            }
            group.wait()
            XCTAssertEqual(failures.all, [])
            let loaded = try XCTUnwrap(chase.load(), "round \(round): a whole cache")
            let git = try Repository.open(at: repo.path)
            let tree = try git.commit(try XCTUnwrap(git.referenceTarget("refs/heads/main"))).tree
            assertSame(try StateLoader(repo: git, cache: ParseCache()).load(tree: tree).state, loaded.snapshot.state, "round \(round)")
        }
    }
}

/// Failures collected from several threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}

/// Builds review files the way the bot writes them.
enum ReviewText {
    static func make(_ task: String, type: String, reviewer: Int, status: String = "pending") -> String {
        ["---", "id: \(task).\(type)", "task: \(task)", "type: \(type)", "reviewer: \(reviewer)", "status: \(status)",
         "requested: 2026-01-09T09:30:00Z", "---", "Notes.", ""].joined(separator: "\n")
    }
}
