import Chase
import ChaseCore
import Foundation
import GitKit
import SeededRandom
import XCTest

/// A generated history of several hundred commits — tasks created, moved through their statuses,
/// reopened, deleted, renamed, broken and fixed; reviews written, answered and deleted — replayed
/// through the bot, once with a single tick at the end and once with ticks every few commits.
/// `chase events --json` must then equal what an independent oracle reads with the git command
/// line: no event missed, none invented, in the same order.
final class EventReplayTests: XCTestCase {
    func testOneTickAtTheEnd() throws {
        try replay(seed: 0x16, commits: 520, ticks: nil)
    }

    func testTicksEveryFewCommits() throws {
        try replay(seed: 0x1616, commits: 520, ticks: 1...6)
    }

    private func replay(seed: UInt64, commits: Int, ticks: ClosedRange<Int>?) throws {
        let repo = try TestRepo(bare: true)
        let git = try Repository.open(at: repo.path)
        var history = ReplayHistory(seed: seed)
        var sinceTick = 0, nextTick = ticks.map { history.rng.below($0.count) + $0.lowerBound } ?? Int.max
        var tickCount = 0
        let started = Date()
        for _ in 0..<commits {
            try history.commit(into: git)
            sinceTick += 1
            if sinceTick >= nextTick, let ticks {
                try tick(repo, at: history.clock)
                tickCount += 1
                try history.reload(from: git)
                sinceTick = 0
                nextTick = history.rng.below(ticks.count) + ticks.lowerBound
            }
        }
        try tick(repo, at: history.clock)
        tickCount += 1
        let built = Date().timeIntervalSince(started)

        let readStart = Date()
        let result = try ChaseBinary.run(["events", "--repo", repo.path, "--json"])
        let readTime = Date().timeIntervalSince(readStart)
        XCTAssertEqual(result.status, 0, result.stderr)
        let actual = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let oracle = try GitOracle(repo: repo).events()

        let got = actual.map(GitOracle.comparable), want = oracle.map(GitOracle.comparable)
        if got != want {
            let missing = want.filter { !got.contains($0) }, invented = got.filter { !want.contains($0) }
            XCTFail("""
                chase events differs from the oracle (\(got.count) vs \(want.count) events)
                missed:\n  \(missing.prefix(10).joined(separator: "\n  "))
                invented:\n  \(invented.prefix(10).joined(separator: "\n  "))
                """)
            if missing.isEmpty && invented.isEmpty {
                let first = got.indices.first { got[$0] != want[$0] }
                XCTFail("same events in another order, first at \(first.map(String.init) ?? "?")")
            }
        }
        // The history holds every kind of change the generator makes.
        let types = Set(actual.compactMap { $0["type"] as? String })
        for type in ["task.created", "task.started", "task.completed", "task.reopened", "task.deleted", "task.cancelled",
                     "review.completed", "review.deleted", "file.invalid"] {
            XCTAssertTrue(types.contains(type), "no \(type) in the replay")
        }
        // Every payload key an event carries is named in the README's row for its type.
        let rows = try EventTable.rows()
        for event in actual {
            let type = event["type"] as? String ?? "", payload = event["payload"] as? [String: String] ?? [:]
            for key in payload.keys {
                XCTAssertTrue(rows[type]?.contains("`\(key)`") == true, "\(type)'s payload key \(key) is not in the README table")
            }
        }
        let total = try repo.git(["rev-list", "--count", "main"])
        print("event replay (seed \(seed)): \(total) commits (\(tickCount) ticks), \(actual.count) events "
            + "(\(oracle.filter { $0.bot }.count) from the bot); built in \(String(format: "%.1f", built)) s, "
            + "chase events --json in \(String(format: "%.2f", readTime)) s")
    }

    private func tick(_ repo: TestRepo, at now: Date) throws {
        var options = Tick.Options(repoPath: repo.path, branch: "main", now: now.addingTimeInterval(60))
        options.environment = [:]
        _ = try Tick(options: options).run()
    }
}

/// The people's side of the history: commits made straight into the repository, each one to three
/// changes to the queue, from a seeded generator. It knows which files it broke; the bot's edits
/// it reads back after each tick.
struct ReplayHistory {
    var rng: SeededRandom
    var files: [String: String] = [:]
    /// Paths of files it made unparseable (it never edits one into another unparseable form).
    var broken: Set<String> = []
    var clock = Date(timeIntervalSince1970: 1_767_949_200)
    private var number = 0
    private static let authors = [("Human Lead", "lead@example.com"), ("Agent 01", "agent01@example.com"),
                                  ("Agent 02", "agent02@example.com"), ("Rin", "rin@example.com")]
    private static let statuses = ["pending", "blocked", "in_progress", "complete", "in_review", "approved", "scheduled",
                                   "published", "cancelled"]

    init(seed: UInt64) { rng = SeededRandom(seed: seed) }

    var tasks: [String] { files.keys.filter { $0.hasPrefix("queue/") && !broken.contains($0) }.sorted() }
    var reviews: [String] { files.keys.filter { $0.hasPrefix("reviews/") }.sorted() }

    mutating func commit(into repo: Repository) throws {
        var changed: Set<String> = []
        for _ in 0..<(rng.chance(25) ? 2 + rng.below(2) : 1) { changed.formUnion(change()) }
        clock = clock.addingTimeInterval(Double(60 * (1 + rng.below(30))))
        let head = try repo.referenceTarget("refs/heads/main")
        let base = try head.map { try repo.commit($0).tree }
        var treeChanges: [String: TreeChange] = [:]
        for path in changed { treeChanges[path] = files[path].map { .write(Array($0.utf8)) } ?? .delete }
        let tree = try repo.buildTree(base: base, changes: treeChanges)
        let (name, email) = rng.pick(ReplayHistory.authors)
        let signature = Signature(name: name, email: email, time: clock)
        let commit = try repo.createCommit(tree: tree, parents: head.map { [$0] } ?? [], author: signature, committer: signature,
                                           message: "Change \(changed.sorted().joined(separator: ", "))\n")
        try repo.updateReference("refs/heads/main", to: commit, expected: head, message: "replay")
    }

    /// After a tick: the files as the bot left them.
    mutating func reload(from repo: Repository) throws {
        guard let head = try repo.referenceTarget("refs/heads/main") else { return }
        let tree = try repo.commit(head).tree
        let reader = try TreeReader(repo)
        var now: [String: String] = [:]
        for folder in ["queue/", "reviews/", "outputs/"] {
            for entry in try reader.entries(of: tree, under: folder) {
                now[entry.path] = String(decoding: try repo.blob(entry.oid), as: UTF8.self)
            }
        }
        files = now
        broken.formIntersection(now.keys)
    }

    /// One change; returns the paths it touched.
    private mutating func change() -> [String] {
        switch rng.weighted([22, 26, 8, 8, 6, 5, 5, 5, 6, 4, 4, 3]) {
        case 0: return create()
        case 1: return setStatus(rng.pick(ReplayHistory.statuses))
        case 2: return reopen()
        case 3: return delete(tasks)
        case 4: return rename()
        case 5: return breakTask()
        case 6: return fix()
        case 7: return writeReview()
        case 8: return answerReview()
        case 9: return delete(reviews)
        case 10: return retitle()
        default:
            let path = "outputs/notes/\(rng.below(20)).md"
            files[path] = "Notes \(rng.next())\n"
            return [path]
        }
    }

    private mutating func freshID() -> String {
        number += 1
        return "\(rng.pick(["LORE", "OPS", "CONTENT"]))-\(number)"
    }

    private func text(_ id: String, status: String, assignee: Int?, title: String? = nil) -> String {
        let type = id.hasPrefix("LORE") ? "lore" : id.hasPrefix("OPS") ? "ops" : "content"
        var lines = ["---", "id: \(id)", "title: \(title ?? "Task \(id)")", "type: \(type)"]
        if type == "content" { lines.append("content_type: tweet") }
        lines.append("priority: \(["P1", "P2", "P3"][abs(id.hashValueStable) % 3])")
        lines.append("status: \(status)")
        if let assignee { lines.append("assignee: \(assignee)") }
        lines += ["created: \(Timestamp.format(clock))", "---", "Brief for \(id).", ""]
        return lines.joined(separator: "\n")
    }

    private mutating func create() -> [String] {
        let id = freshID(), path = "queue/\(id).md"
        let status = ["pending", "pending", "pending", "in_progress", "complete", "blocked"][rng.below(6)]
        files[path] = text(id, status: status, assignee: rng.chance(50) ? 1 + rng.below(7) : nil)
        if rng.chance(8) { return breakFile(path) }
        return [path]
    }

    private mutating func setLine(_ key: String, _ value: String, in path: String) {
        guard let old = files[path] else { return }
        var lines = old.components(separatedBy: "\n")
        if let i = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) {
            lines[i] = "\(key): \(value)"
        } else if let end = lines.dropFirst().firstIndex(of: "---") {
            lines.insert("\(key): \(value)", at: end)
        }
        files[path] = lines.joined(separator: "\n")
    }

    private mutating func setStatus(_ status: String) -> [String] {
        guard !tasks.isEmpty else { return create() }
        let path = rng.pick(tasks)
        setLine("status", status, in: path)
        return [path]
    }

    private mutating func reopen() -> [String] {
        let done = tasks.filter { path in
            ["complete", "in_review", "approved", "scheduled", "published", "cancelled"].contains { files[path]!.contains("\nstatus: \($0)\n") }
        }
        guard !done.isEmpty else { return setStatus("complete") }
        let path = rng.pick(done)
        setLine("status", rng.pick(["pending", "in_progress"]), in: path)
        return [path]
    }

    private mutating func delete(_ candidates: [String]) -> [String] {
        guard !candidates.isEmpty else { return create() }
        let path = rng.pick(candidates)
        files[path] = nil
        broken.remove(path)
        return [path]
    }

    /// `git mv` to a new id, fixing the id inside (usually) or not (the file no longer parses).
    private mutating func rename() -> [String] {
        guard !tasks.isEmpty else { return create() }
        let from = rng.pick(tasks), id = freshID(), to = "queue/\(id).md"
        files[to] = files.removeValue(forKey: from)
        if rng.chance(80) { setLine("id", id, in: to) } else { broken.insert(to) }
        return [from, to]
    }

    private mutating func breakTask() -> [String] {
        guard !tasks.isEmpty else { return create() }
        return breakFile(rng.pick(tasks))
    }

    private mutating func breakFile(_ path: String) -> [String] {
        if rng.chance(50) { setLine("title", "[unclosed", in: path) } else { setLine("status", "finished", in: path) }
        broken.insert(path)
        return [path]
    }

    private mutating func fix() -> [String] {
        guard let path = broken.sorted().first(where: { _ in rng.chance(60) }) ?? broken.sorted().first else { return breakTask() }
        let id = String(path.dropFirst("queue/".count).dropLast(3))
        files[path] = text(id, status: rng.pick(["pending", "in_progress", "complete"]), assignee: 1 + rng.below(7))
        broken.remove(path)
        return [path]
    }

    private mutating func writeReview() -> [String] {
        guard !tasks.isEmpty else { return create() }
        let task = String(rng.pick(tasks).dropFirst("queue/".count).dropLast(3))
        let type = rng.pick(["canon", "cultural", "coordinator"]), id = "\(task).\(type)", path = "reviews/\(id).md"
        files[path] = ["---", "id: \(id)", "task: \(task)", "type: \(type)", "reviewer: \(rng.pick([0, 4, 9]))",
                       "status: \(rng.pick(["pending", "approved"]))", "requested: \(Timestamp.format(clock))", "---",
                       "Review of \(task).", ""].joined(separator: "\n")
        return [path]
    }

    private mutating func answerReview() -> [String] {
        guard !reviews.isEmpty else { return writeReview() }
        let path = rng.pick(reviews)
        setLine("status", rng.pick(["approved", "changes_requested", "rejected", "pending"]), in: path)
        return [path]
    }

    private mutating func retitle() -> [String] {
        guard !tasks.isEmpty else { return create() }
        let path = rng.pick(tasks)
        setLine("title", "Retitled \(rng.below(1000))", in: path)
        return [path]
    }
}

private extension String {
    /// A hash that is the same in every run (Swift's `hashValue` is not).
    var hashValueStable: Int { utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF } }
}

/// The expected history, read with the git command line alone: each first-parent commit's raw
/// diff (`git log --first-parent --raw -z --no-renames`) of `queue/` and `reviews/`, the blobs
/// before and after (`git cat-file --batch`), a small reading of their front matter, and the bot
/// commits' own `Chase-Event` trailers.
struct GitOracle {
    let repo: TestRepo

    struct Expected {
        var type: String
        var subject: String
        var task: String?
        var commit: String
        var author: String
        var time: String
        var payload: [String: String]
        var bot: Bool
    }

    /// One front matter: its keys, or nil when the file does not parse.
    struct FrontMatter {
        var keys: [String: String]
        init?(_ text: String, path: String) {
            let lines = text.components(separatedBy: "\n")
            guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else { return nil }
            var keys: [String: String] = [:]
            for line in lines[1..<end] {
                guard let colon = line.firstIndex(of: ":") else { return nil }
                var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("[") && !value.hasSuffix("]") { return nil }
                if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q { value = String(value.dropFirst().dropLast()) }
                keys[String(line[..<colon])] = value
            }
            let stem = String(path.split(separator: "/").last!.dropLast(3))
            guard keys["id"] == stem else { return nil }
            let statuses = path.hasPrefix("queue/")
                ? ["pending", "blocked", "in_progress", "complete", "in_review", "approved", "scheduled", "published", "cancelled"]
                : ["pending", "approved", "changes_requested", "rejected", "closed"]
            guard statuses.contains(keys["status"] ?? "pending") else { return nil }
            self.keys = keys
        }
        var status: String { keys["status"] ?? "pending" }
    }

    func events() throws -> [Expected] {
        // Commits: id, author, time and message.
        let log = try repo.git(["log", "--first-parent", "--reverse", "-z", "--format=%H%x1f%an%x1f%at%x1f%B", "main"])
        var commits: [(id: String, author: String, time: String, message: String)] = []
        for record in log.split(separator: "\0") {
            let f = record.split(separator: "\u{1f}", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            commits.append((f[0], f[1], Timestamp.format(Date(timeIntervalSince1970: Double(f[2])!)), f[3]))
        }
        // Changed paths per commit.
        let raw = try repo.git(["log", "--first-parent", "--reverse", "-z", "--raw", "--no-renames", "--no-abbrev", "--root",
                                "--format=%x1e%H", "main", "--", "queue/", "reviews/"])
        var changes: [String: [(old: String, new: String, path: String)]] = [:]
        var blobs: Set<String> = []
        for chunk in raw.split(separator: "\u{1e}") {
            var parts = chunk.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
            let id = parts.removeFirst()
            var i = 0
            while i + 1 < parts.count {
                let meta = parts[i].trimmingCharacters(in: .whitespacesAndNewlines)
                guard meta.hasPrefix(":") else { i += 1; continue }
                let f = meta.split(separator: " ")
                let old = String(f[2]), new = String(f[3])
                changes[id, default: []].append((old, new, parts[i + 1]))
                blobs.formUnion([old, new])
                i += 2
            }
        }
        let texts = try catFile(blobs.filter { !$0.allSatisfy { $0 == "0" } })

        var out: [Expected] = []
        for c in commits {
            if c.message.contains("\nChase-Processed: ") {
                // The bot's own events: the trailers made under its own name.
                for line in c.message.split(separator: "\n") where line.hasPrefix("Chase-Event: ") {
                    let e = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.dropFirst("Chase-Event: ".count).utf8)) as? [String: Any])
                    guard e["author"] as? String == c.author else { continue }
                    out.append(Expected(type: e["type"] as! String, subject: e["subject"] as! String, task: e["task"] as? String,
                                        commit: e["commit"] as! String, author: c.author, time: e["time"] as! String,
                                        payload: e["payload"] as? [String: String] ?? [:], bot: true))
                }
                continue
            }
            for change in changes[c.id] ?? [] {
                let before = texts[change.old], after = texts[change.new]
                out += derive(path: change.path, before: before, after: after).map { type, subject, task, payload in
                    Expected(type: type, subject: subject, task: task, commit: c.id, author: c.author, time: c.time, payload: payload, bot: false)
                }
            }
        }
        return out
    }

    /// The events of one file's change, from the statuses in its front matter.
    private func derive(path: String, before: String?, after: String?) -> [(String, String, String?, [String: String])] {
        let old = before.flatMap { FrontMatter($0, path: path) }, new = after.flatMap { FrontMatter($0, path: path) }
        let isTask = path.hasPrefix("queue/")
        let finished = ["complete", "in_review", "approved", "scheduled", "published", "cancelled"]
        if after != nil && new == nil {
            return before != nil && old == nil ? [] : [("file.invalid", path, nil, [:])]
        }
        if !isTask {
            if let new {
                let id = new.keys["id"]!, task = new.keys["task"]
                guard !["pending", "closed"].contains(new.status), old?.status != new.status else { return [] }
                return [("review.completed", id, task, ["review_type": new.keys["type"]!, "status": new.status, "reviewer": new.keys["reviewer"]!])]
            }
            guard let old else { return [] }
            return [("review.deleted", old.keys["id"]!, old.keys["task"],
                     ["review_type": old.keys["type"]!, "status": old.status, "reviewer": old.keys["reviewer"]!])]
        }
        guard let new else {
            guard let old else { return [] }
            var payload = ["status": old.status]
            if let a = old.keys["assignee"] { payload["agent"] = a }
            return [("task.deleted", old.keys["id"]!, old.keys["id"], payload)]
        }
        let id = new.keys["id"]!
        var out: [(String, String, String?, [String: String])] = []
        if old == nil {
            var payload = ["priority": new.keys["priority"]!, "status": new.status]
            if let a = new.keys["assignee"] { payload["agent"] = a }
            out.append(("task.created", id, id, payload))
        }
        guard old?.status != new.status else { return out }
        let from = old?.status ?? "none"
        if let old, finished.contains(old.status), ["pending", "in_progress"].contains(new.status) {
            return out + [("task.reopened", id, id, ["from": from, "status": new.status])]
        }
        switch new.status {
        case "in_progress": out.append(("task.started", id, id, ["from": from]))
        case "complete": out.append(("task.completed", id, id, ["from": from]))
        case "blocked" where old != nil: out.append(("task.blocked", id, id, ["from": from, "blocked_by": ""]))
        case "cancelled": out.append(("task.cancelled", id, id, ["from": from]))
        case "scheduled": out.append(("content.scheduled", id, id, ["from": from]))
        case "published": out.append(("content.published", id, id, ["from": from]))
        default: break
        }
        return out
    }

    /// Blob texts by id, read in one `git cat-file --batch`.
    private func catFile(_ ids: Set<String>) throws -> [String: String] {
        let input = ids.sorted().joined(separator: "\n") + "\n"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        p.arguments = ["cat-file", "--batch"]
        p.currentDirectoryURL = URL(fileURLWithPath: repo.path)
        p.environment = repo.environment
        let stdin = Pipe(), stdout = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        try p.run()
        let writer = Thread { stdin.fileHandleForWriting.write(Data(input.utf8)); try? stdin.fileHandleForWriting.close() }
        writer.start()
        let data = [UInt8](stdout.fileHandleForReading.readDataToEndOfFile())
        p.waitUntilExit()
        var out: [String: String] = [:], i = 0
        while i < data.count {
            guard let nl = data[i...].firstIndex(of: 0x0A) else { break }
            let header = String(decoding: data[i..<nl], as: UTF8.self).split(separator: " ")
            let size = Int(header[2])!
            out[String(header[0])] = String(decoding: data[(nl + 1)..<(nl + 1 + size)], as: UTF8.self)
            i = nl + 1 + size + 1
        }
        return out
    }

    /// One event as a line to compare; a file.invalid's reason is Chase's own wording, left out.
    static func comparable(_ e: Expected) -> String {
        let payload = e.type == "file.invalid" && !e.bot ? "" : e.payload.keys.sorted().map { "\($0)=\(e.payload[$0]!)" }.joined(separator: ",")
        return [e.type, e.subject, e.task ?? "-", e.commit, e.author, e.time, payload].joined(separator: " | ")
    }

    static func comparable(_ json: [String: Any]) -> String {
        let payload = json["payload"] as? [String: String] ?? [:]
        let type = json["type"] as? String ?? "", author = json["author"] as? String ?? ""
        // From the output alone a person's file.invalid and the bot's are told apart by the author.
        return comparable(Expected(type: type, subject: json["subject"] as? String ?? "", task: json["task"] as? String,
                                   commit: json["commit"] as? String ?? "", author: author, time: json["time"] as? String ?? "",
                                   payload: payload, bot: author == "chase-bot"))
    }
}
