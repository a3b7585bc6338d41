import ChaseCore
import Foundation
import XCTest
@testable import chase_fuzz

/// The hostile corpus (`Tests/Fixtures/hostile/manifest.json`): every broken or malicious file is
/// reported as it should be — a clear `file.invalid` and a `chase validate` problem — while the
/// tick still processes every other file, keeps the bad file as it is, writes nothing outside the
/// repository and never crashes, within generous bounds of memory and CPU time per file.
final class HostileCorpusTests: XCTestCase {
    struct Manifest: Decodable {
        var cases: [Case]
    }

    struct Case: Decodable {
        struct Placed: Decodable {
            var path: String
            var file: String
        }

        var name: String
        var path: String
        var expect: Expect
        var message: String?
        var file: String?
        var generate: String?
        var symlink: String?
        var also: [Placed]?
        var before: [Placed]?
        var delete: [String]?
        var valid: [String]?

        enum Expect: String, Decodable {
            case invalid, problem, valid, ignored
        }
    }

    static let folder = fixturesFolder("hostile")
    /// A healthy task committed with every case: the tick must still route it.
    static let bystander = "ASSET-900"
    static let now = "2026-01-09T10:00:00Z"
    /// Generous: the bot reads one file at a time and refuses big ones before loading them.
    static let memoryBound = 512 << 20
    static let cpuBound = 30.0

    static func cases() throws -> [Case] {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json"))).cases
    }

    func testEveryCaseAloneIsReportedAndTheRestStillProcessed() throws {
        let cases = try Self.cases()
        var peakMemory = 0, peakCPU = 0.0
        for c in cases {
            let repo = try TestRepo()
            try Self.baseline(repo, [c])
            try Self.place(c, in: repo)
            try repo.commit("Hostile case: \(c.name)")
            let cost = try checkTick(repo, [c])
            peakMemory = max(peakMemory, cost.memory)
            peakCPU = max(peakCPU, cost.cpu)
        }
        print("hostile corpus: \(cases.count) cases, one at a time; peak memory of a tick \(peakMemory >> 20) MB, most CPU \(String(format: "%.2f", peakCPU)) s")
    }

    func testAllCasesInOneCommitAreEachReportedInOneTick() throws {
        let cases = try Self.cases()
        let repo = try TestRepo()
        try Self.baseline(repo, cases)
        for c in cases { try Self.place(c, in: repo) }
        try repo.commit("Every hostile case at once")
        _ = try checkTick(repo, cases)
    }

    func testCorpusCoversEveryKindTheIssueNames() throws {
        let names = try Self.cases().map(\.name).joined(separator: "\n")
        for kind in ["malformed YAML", "alias bomb", "10,000-level nesting", "50 MB", "binary", "non-UTF-8", "BOM", "CRLF",
                     "--- and ... inside the body", "duplicate keys", "wrong types", "unknown status",
                     "id does not match the file name", "two files with one id", "../../etc/passwd", "absolute path",
                     "symlink in queue/", "spaces", "Unicode", "empty file", "deleted task that others depend on"] {
            XCTAssertTrue(names.contains(kind), "the corpus has no case for \(kind)")
        }
    }

    /// Not a committed file but the work tree: `reviews` is a link to a folder elsewhere. The bot
    /// commits the review, and writes nothing through the link.
    func testLinkedFolderInTheWorkTreeIsNeverWrittenThrough() throws {
        let repo = try TestRepo()
        let elsewhere = repo.root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", tier: 2, status: "complete", assignee: 2))
        try repo.commit("A finished task")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/reviews", withDestinationPath: elsewhere.path)
        let tick = try MeasuredRun.chase(["tick", "--repo", repo.path, "--now", Self.now])
        XCTAssertEqual(tick.exitCode, 0, tick.stderr)
        XCTAssertTrue(tick.stdout.contains("'reviews' is a symbolic link in the work tree"), tick.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path), [], "nothing written through the link")
        XCTAssertTrue(try repo.show("main:reviews/CONTENT-1.cultural.md").contains("reviewer: 9"), "the commit has the review")
    }

    /// A link committed where `queue/` belongs: not a silently empty queue, but a problem that the
    /// first tick reports and `chase validate` (the pull request check) lists.
    func testALinkWhereTheQueueBelongsIsReportedNotReadAsEmpty() throws {
        let repo = try TestRepo()
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/queue", withDestinationPath: "/etc")
        try repo.commit("A link where the queue belongs")
        let tick = try MeasuredRun.chase(["tick", "--repo", repo.path, "--json", "--now", Self.now])
        XCTAssertEqual(tick.exitCode, 0, tick.stderr)
        XCTAssertTrue(tick.stdout.contains("queue must be a folder of Markdown files; here it is a symbolic link"), tick.stdout)
        let validate = try MeasuredRun.chase(["validate", "--repo", repo.path])
        XCTAssertEqual(validate.exitCode, 1)
        XCTAssertTrue(validate.stdout.contains("queue: queue must be a folder"), validate.stdout)
    }

    /// A link committed where `reviews/` belongs, and a task whose review must be written there:
    /// validate lists it, and the tick stops with one line, writing nothing, until it is fixed.
    func testALinkWhereReviewsBelongIsReportedAndNothingIsWrittenThrough() throws {
        let repo = try TestRepo()
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", tier: 2, status: "in_progress", assignee: 2))
        try repo.commit("A task")
        XCTAssertEqual(try MeasuredRun.chase(["tick", "--repo", repo.path, "--now", Self.now]).exitCode, 0)
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/reviews", withDestinationPath: "/tmp")
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", tier: 2, status: "complete", assignee: 2))
        try repo.commit("Done, and a link where reviews/ belongs")
        let validate = try MeasuredRun.chase(["validate", "--repo", repo.path])
        XCTAssertEqual(validate.exitCode, 1)
        XCTAssertTrue(validate.stdout.contains("reviews: reviews must be a folder of Markdown files; here it is a symbolic link"),
                      validate.stdout)
        let head = try repo.rev("main")
        let tick = try MeasuredRun.chase(["tick", "--repo", repo.path, "--now", Self.now])
        XCTAssertEqual(tick.exitCode, 1)
        XCTAssertEqual(tick.stderr.split(separator: "\n").count, 1, tick.stderr)
        XCTAssertTrue(tick.stderr.contains("'reviews' is a file, not a folder"), tick.stderr)
        XCTAssertEqual(try repo.rev("main"), head)
        XCTAssertEqual(try repo.git(["status", "--porcelain"]), "")
    }

    // MARK: - One tick over some cases

    /// A committed queue with a healthy task and the cases' `before` files, ticked once.
    private static func baseline(_ repo: TestRepo, _ cases: [Case]) throws {
        try repo.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", assignee: 1))
        try repo.write("README.md", "# Queue\n")
        for c in cases { for placed in c.before ?? [] { try repo.write(placed.path, bytes: try fixture(placed.file)) } }
        try repo.commit("Baseline")
        let first = try MeasuredRun.chase(["tick", "--repo", repo.path, "--now", now])
        XCTAssertEqual(first.exitCode, 0, first.stderr)
    }

    /// Writes a case's files into the work tree, with the bystander task beside them.
    private static func place(_ c: Case, in repo: TestRepo) throws {
        try repo.write("queue/\(bystander).md", TaskText.make(bystander, type: "asset"))
        for placed in c.also ?? [] { try repo.write(placed.path, bytes: try fixture(placed.file)) }
        for path in c.delete ?? [] { try repo.remove(path) }
        if let file = c.file {
            try repo.write(c.path, bytes: try fixture(file))
        } else if let target = c.symlink {
            let url = URL(fileURLWithPath: repo.workPath).appendingPathComponent(c.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
        } else if let kind = c.generate {
            try repo.write(c.path, bytes: generated(kind, id: RepoPath.stem(c.path)))
        }
    }

    /// Files too big to commit to this repository, made the same way every time.
    private static func generated(_ kind: String, id: String) throws -> [UInt8] {
        let head = "---\nid: \(id)\ntitle: Generated\ntype: asset\n"
        switch kind {
        case "50 MB":
            var bytes = Array((head + "---\n").utf8)
            let line = Array(repeating: UInt8(ascii: "x"), count: 1023) + [0x0A]
            bytes.reserveCapacity(50 << 20)
            for _ in 0..<(50 << 10) { bytes += line }
            return bytes
        case "70 KB front matter":
            return Array((head + "notes: " + String(repeating: "n", count: 70 << 10) + "\n---\n").utf8)
        case "10001 values":
            return Array((head + "x: [" + Array(repeating: "1", count: 10_001).joined(separator: ",") + "]\n---\n").utf8)
        default:
            throw NSError(domain: "corpus", code: 1, userInfo: [NSLocalizedDescriptionKey: "unknown generated case \(kind)"])
        }
    }

    private static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent("files").appendingPathComponent(name)))
    }

    /// Runs `chase tick --json` and `chase validate --json` on the committed cases and checks every
    /// promise; returns what the tick cost.
    private func checkTick(_ repo: TestRepo, _ cases: [Case]) throws -> (memory: Int, cpu: Double) {
        let label = cases.count == 1 ? cases[0].name : "all \(cases.count) cases"
        let committed = try repo.rev("main")
        let outside = try Self.outsideSnapshot(repo)
        let tick = try MeasuredRun.chase(["tick", "--repo", repo.path, "--json", "--now", Self.now])
        XCTAssertNil(tick.signal, "\(label): the tick crashed: \(tick.stderr)")
        XCTAssertEqual(tick.exitCode, 0, "\(label): \(tick.stderr)")
        XCTAssertLessThan(tick.maxResidentBytes, Self.memoryBound, label)
        XCTAssertLessThan(tick.cpuSeconds, Self.cpuBound, label)
        guard tick.exitCode == 0 else { return (tick.maxResidentBytes, tick.cpuSeconds) }
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(tick.stdout.utf8)) as? [String: Any], label)
        let events = (report["events"] as? [[String: Any]]) ?? []
        func matching(_ type: String, _ subject: String) -> [[String: Any]] {
            events.filter { $0["type"] as? String == type && $0["subject"] as? String == subject }
        }

        let validate = try MeasuredRun.chase(["validate", "--repo", repo.path, "--json"])
        XCTAssertNil(validate.signal, "\(label): validate crashed: \(validate.stderr)")
        let problems = (try? JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as? [[String: Any]]) ?? []
        XCTAssertEqual(validate.exitCode, cases.contains { $0.expect == .invalid || $0.expect == .problem } ? 1 : 0, "\(label): \(validate.stdout)\(validate.stderr)")

        // The bystander and every other healthy task are processed.
        for id in [Self.bystander] + cases.flatMap({ $0.valid ?? [] }) + cases.filter({ $0.expect == .valid }).map({ RepoPath.stem($0.path) }) {
            XCTAssertEqual(matching("task.assigned", id).count, 1, "\(label): \(id) was not routed")
        }
        for c in cases {
            let file = "\(c.name) (\(c.path))"
            switch c.expect {
            case .invalid, .problem:
                let reported = matching("file.invalid", c.path)
                XCTAssertEqual(reported.count, 1, "\(file): reported \(reported.count) times: \(events)")
                let reason = (reported.first?["payload"] as? [String: String])?["reason"] ?? ""
                XCTAssertTrue(reason.contains(c.message ?? "?"), "\(file): the reason '\(reason)' does not say '\(c.message ?? "")'")
                XCTAssertFalse(reason.contains("\n"), "\(file): one line")
                let listed = problems.filter { $0["path"] as? String == c.path }.compactMap { $0["message"] as? String }
                XCTAssertTrue(listed.contains { $0.contains(c.message ?? "?") }, "\(file): validate says \(listed)")
                if c.expect == .invalid {
                    try assertUnchanged(c.path, repo, since: committed, file)
                } else {
                    try assertOnlyOwnedBytesChanged(c.path, repo, since: committed, file)
                }
            case .valid:
                XCTAssertTrue(problems.allSatisfy { $0["path"] as? String != c.path }, "\(file): \(problems)")
                try assertOnlyOwnedBytesChanged(c.path, repo, since: committed, file)
            case .ignored:
                XCTAssertTrue(events.allSatisfy { $0["subject"] as? String != c.path }, "\(file): \(events)")
                XCTAssertTrue(problems.allSatisfy { $0["path"] as? String != c.path }, "\(file): \(problems)")
                try assertUnchanged(c.path, repo, since: committed, file)
            }
        }

        // Nothing outside the repository changed, and the work tree followed the bot's commit.
        XCTAssertEqual(try Self.outsideSnapshot(repo), outside, "\(label): something outside the repository changed")
        XCTAssertEqual(try repo.git(["status", "--porcelain"]), "", label)
        XCTAssertEqual(try repo.fsck(), "", label)
        // Said once: the next tick reports nothing again.
        let again = try MeasuredRun.chase(["tick", "--repo", repo.path, "--json", "--now", Self.now])
        XCTAssertEqual(again.exitCode, 0, "\(label): \(again.stderr)")
        let second = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
        XCTAssertEqual((second?["events"] as? [Any])?.count, 0, "\(label): \(again.stdout)")
        return (tick.maxResidentBytes, tick.cpuSeconds)
    }

    private func assertUnchanged(_ path: String, _ repo: TestRepo, since commit: String, _ label: String) throws {
        XCTAssertEqual(try repo.git(["rev-parse", "\(commit):\(path)"]), try repo.git(["rev-parse", "main:\(path)"]),
                       "\(label): the bot changed a file it could not read")
    }

    private func assertOnlyOwnedBytesChanged(_ path: String, _ repo: TestRepo, since commit: String, _ label: String) throws {
        let violation = OwnedBytes.violation(original: try repo.blobBytes("\(commit):\(path)"), edited: try repo.blobBytes("main:\(path)"))
        XCTAssertNil(violation, "\(label): \(violation ?? "")")
    }

    /// Every file beside the repository (the test's home folder, the system's password file) with its
    /// size and modification time: the bot must leave them all alone.
    private static func outsideSnapshot(_ repo: TestRepo) throws -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for base in [repo.root.path, "/etc/passwd"] {
            var paths = [base]
            if let walker = fm.enumerator(atPath: base) {
                for case let name as String in walker {
                    let full = base + "/" + name
                    if full.hasPrefix(repo.path + "/") || full == repo.path { continue }
                    paths.append(full)
                }
            }
            for path in paths {
                let attributes = try fm.attributesOfItem(atPath: path)
                out.append("\(path) \(attributes[.size] ?? 0) \((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)")
            }
        }
        return out.sorted()
    }
}
