@testable import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest
import SeededRandom

/// The rules under random work: people and agents create tasks, start and finish them, answer
/// reviews, annotate files and cancel, with ticks in between at random times, on a real
/// repository. After every tick: no review requested twice or open twice, no edit lost, no breach
/// escalated twice, no task left blocked whose dependencies are all done; and the same tick run
/// again does nothing; the state kept up to date in the cache, commit after commit, equals a fresh
/// read of the head; and whenever the last quiet tick's record would answer a later tick, the whole
/// tick at that time has nothing to do either. Seeded: each run prints its seed, and
/// `CHASE_PROPERTY_SEEDS=7,8` replays those (`CHASE_PROPERTY_STEPS` sets the number of steps).
final class WorkflowPropertyTests: XCTestCase {
    func testRandomWorkNeverBreaksTheRules() throws {
        let env = ProcessInfo.processInfo.environment
        let seeds = env["CHASE_PROPERTY_SEEDS"].map { $0.split(separator: ",").compactMap { UInt64($0) } } ?? [11, 2026, 31337]
        let steps = env["CHASE_PROPERTY_STEPS"].flatMap(Int.init) ?? 45
        for seed in seeds {
            var world = try RandomWork(seed: seed)
            let before = testRun?.failureCount ?? 0
            try world.run(steps: steps)
            let failed = (testRun?.failureCount ?? 0) > before
            XCTAssertGreaterThan(world.answeredQuietly, 0, "seed \(seed): no tick was ever answered from the quiet record")
            print("workflow property: seed \(seed): \(world.ticks) ticks, \(world.edits) edits, \(world.events.count) events, "
                + "\(world.answeredQuietly) later ticks answered from the quiet record"
                + (failed ? " — FAILED; replay with CHASE_PROPERTY_SEEDS=\(seed)" : ""))
        }
    }
}

/// One random history: the repository, what people did to it, and every event the ticks emitted.
private struct RandomWork {
    let seed: UInt64
    var rng: SeededRandom
    let repo: TestRepo
    var now = Timestamp.parse("2026-01-09T09:00:00Z")!
    var nextNumber = 1
    var ticks = 0, edits = 0, answeredQuietly = 0
    var events: [Event] = []
    /// Text people wrote that must stay in its file: (path, text).
    var marks: [(String, String)] = []
    /// Statuses people set since the last tick: (path, status).
    var statusEdits: [(String, String)] = []
    /// Every commit a person made.
    var personCommits: [String] = []

    init(seed: UInt64) throws {
        self.seed = seed
        rng = SeededRandom(seed: seed)
        repo = try TestRepo()
    }

    var label: String { "seed \(seed), tick \(ticks)" }

    mutating func run(steps: Int) throws {
        try repo.write("README.md", "# Queue\n")
        try commit(by: nil)
        for _ in 0..<steps {
            for _ in 0..<(1 + rng.below(3)) { try act() }
            if rng.chance(65) { try tick() }
        }
        try tick()
        // The work tree follows the branch, so the files checked after each tick are the branch's;
        // and every commit a person made is on it.
        XCTAssertEqual(try repo.git(["status", "--porcelain"]), "", "\(label): the work tree differs from the branch")
        let onBranch = Set(try repo.git(["rev-list", "main"]).split(separator: "\n").map(String.init))
        for sha in personCommits where !onBranch.contains(sha) { XCTFail("\(label): a person's commit \(sha) left the branch") }
    }

    // MARK: - People and agents

    mutating func act() throws {
        let roll = rng.below(100)
        switch roll {
        case 0..<22: try createTask()
        case 22..<55: try agentWorks()
        case 55..<80: try answerReview()
        case 80..<90: try annotate()
        case 90..<97: try cancel()
        default: try blockByMistake()
        }
    }

    mutating func createTask() throws {
        let type = rng.pick(["content", "content", "content", "lore", "asset", "ops"])
        let id = "\(type.uppercased())-\(nextNumber)"
        nextNumber += 1
        let existing = taskPaths().map { RepoPath.stem($0) }
        var keys = ["title: Task \(id)", "type: \(type)", "priority: \(rng.pick(["P0", "P1", "P2", "P2", "P3", "P3"]))"]
        if type == "content" {
            keys.append("content_type: \(rng.pick(["tweet", "thread", "discord", "banner", "novel", "podcast"]))")
            if rng.chance(70) { keys.append("review_tier: \(1 + rng.below(3))") }
            if rng.chance(50) { keys.append("scheduled_at: \(Timestamp.format(now.addingTimeInterval(Double(rng.below(48 * 60)) * 60)))") }
            keys.append("output: outputs/\(id).md")
        }
        keys.append("status: \(rng.chance(10) ? "blocked" : "pending")")
        if rng.chance(15) { keys.append("assignee: \(rng.below(10))") }
        if !existing.isEmpty, rng.chance(35) {
            keys.append("depends_on: [\(Set((0..<(1 + rng.below(2))).map { _ in rng.pick(existing) }).sorted().joined(separator: ", "))]")
        }
        if rng.chance(50) { keys.append("created: \(Timestamp.format(now))") }
        let path = "queue/\(id).md"
        let note = "Brief \(id), note \(edits)."
        try repo.write(path, (["---", "id: \(id)"] + keys + ["---", note, ""]).joined(separator: "\n"))
        marks.append((path, note))
        if let assignee = keys.first(where: { $0.hasPrefix("assignee: ") }) { marks.append((path, "\n\(assignee)\n")) }
        try commit(by: 0)
    }

    /// The assignee of a pending task starts it, or of one in progress finishes it.
    mutating func agentWorks() throws {
        let open = taskPaths().filter { ["pending", "in_progress"].contains(field($0, "status")) && field($0, "assignee") != nil }
        guard !open.isEmpty else { return }
        let path = rng.pick(open)
        let agent = Int(field(path, "assignee")!)!
        if field(path, "status") == "pending" {
            try setStatus(path, "in_progress")
        } else {
            if let output = field(path, "output") {
                // A revision replaces the draft: only the newest must stay.
                let draft = "Draft of \(RepoPath.stem(path)), edit \(edits).\n"
                try repo.write(output, draft)
                marks.removeAll { $0.0 == output }
                marks.append((output, draft))
            }
            try setStatus(path, "complete")
        }
        try commit(by: agent)
    }

    mutating func answerReview() throws {
        let pending = reviewPaths().filter { field($0, "status") == "pending" }
        guard !pending.isEmpty else { return }
        let path = rng.pick(pending)
        let verdict = rng.pick(["approved", "approved", "approved", "changes_requested", "rejected"])
        try setStatus(path, verdict)
        let note = "Reviewer note \(edits): \(verdict).\n"
        try repo.write(path, try repo.read(path) + note)
        marks.append((path, note))
        try commit(by: Int(field(path, "reviewer")!)!)
    }

    /// A person adds a key of their own to a file's front matter, or a line to its body.
    mutating func annotate() throws {
        let files = taskPaths() + reviewPaths()
        guard !files.isEmpty else { return }
        let path = rng.pick(files)
        var lines = try repo.read(path).components(separatedBy: "\n")
        let text: String
        if rng.chance(50) {
            text = "label_\(edits): kept as written"
            lines.insert(text, at: 2)
        } else {
            text = "A person's line \(edits)."
            lines.insert(text, at: lines.count - 1)
        }
        try repo.write(path, lines.joined(separator: "\n"))
        marks.append((path, text))
        try commit(by: nil)
    }

    /// A person cancels a task, often one under review (its open reviews are then owed by nobody).
    mutating func cancel() throws {
        let open = taskPaths().filter { !["cancelled", "published"].contains(field($0, "status") ?? "") }
        let inReview = open.filter { field($0, "status") == "in_review" }
        guard !open.isEmpty else { return }
        try setStatus(rng.pick(!inReview.isEmpty && rng.chance(60) ? inReview : open), "cancelled")
        try commit(by: nil)
    }

    /// A person marks a task blocked whose dependencies are all done: the next tick must release it.
    /// (A task with no dependencies set blocked is a person's hold, which the bot leaves alone.)
    mutating func blockByMistake() throws {
        let pending = taskPaths().filter { field($0, "status") == "pending" && !list(field($0, "depends_on")).isEmpty }
        guard !pending.isEmpty else { return }
        try setStatus(rng.pick(pending), "blocked")
        try commit(by: nil)
    }

    mutating func setStatus(_ path: String, _ status: String) throws {
        var lines = try repo.read(path).components(separatedBy: "\n")
        let i = lines.firstIndex { $0.hasPrefix("status: ") }!
        lines[i] = "status: \(status)"
        try repo.write(path, lines.joined(separator: "\n"))
        statusEdits.removeAll { $0.0 == path }
        statusEdits.append((path, status))
    }

    mutating func commit(by agent: Int?) throws {
        edits += 1
        let (name, email) = agent.map { ("Agent 0\($0)", "agent0\($0)@team.example") } ?? ("Human Lead", "lead@example.com")
        personCommits.append(try repo.commitInOneRun("Edit \(edits)", author: name, email: email, at: now.addingTimeInterval(60)))
    }

    // MARK: - Ticks and what must hold after each

    mutating func tick() throws {
        let minutes = rng.chance(10) ? 24 * 60 + rng.below(48 * 60) : 1 + rng.below(150)
        now = now.addingTimeInterval(Double(minutes) * 60)
        ticks += 1
        var options = Tick.Options(repoPath: repo.path, branch: "main", now: now)
        options.environment = [:]
        let report = try Tick(options: options).run()
        events += report.events
        let head = try repo.rev("main")

        let again = try Tick(options: options).run()
        XCTAssertNil(again.commit, "\(label): the same tick again committed")
        XCTAssertEqual(again.events.map(\.line), [], "\(label): the same tick again emitted events")
        XCTAssertEqual(try repo.rev("main"), head, label)
        try checkKeptStateIsAFreshRead()
        try checkQuietRecordAgreesWithTheWholeTick(options)

        try checkNoDuplicateReviews()
        try checkNothingLost(report)
        checkEscalatedOnce()
        try checkNothingStuckBlocked()
        statusEdits = []
    }

    /// The state the ticks kept in the cache, brought up to date commit after commit, against a
    /// read of the head from nothing.
    func checkKeptStateIsAFreshRead() throws {
        let git = try Repository.open(at: repo.path)
        let tree = try git.commit(try XCTUnwrap(git.referenceTarget("refs/heads/main"))).tree
        let fresh = try StateLoader(repo: git, cache: ParseCache()).load(tree: tree).state
        let kept = try StateLoader(repo: git, cache: ParseCache(persistentIn: git)).load(tree: tree).state
        XCTAssertEqual(kept.tasks, fresh.tasks, "\(label): the kept state's tasks")
        XCTAssertEqual(kept.reviews, fresh.reviews, "\(label): the kept state's reviews")
        XCTAssertEqual(kept.invalid, fresh.invalid, "\(label): the kept state's invalid files")
    }

    /// At a random later time: when the quiet record would answer, the whole tick (a dry run, which
    /// changes nothing) has nothing to do either.
    mutating func checkQuietRecordAgreesWithTheWholeTick(_ options: Tick.Options) throws {
        var later = options
        later.now = now.addingTimeInterval(Double(1 + rng.below(3 * 24 * 60)) * 60)
        guard let answered = QuietTick.answer(later) else { return }
        answeredQuietly += 1
        var dry = later
        dry.dryRun = true
        let whole = try Tick(options: dry).run()
        XCTAssertEqual(whole.events.map(\.line), [], "\(label): answered quietly at \(later.now), but the whole tick has events")
        XCTAssertEqual(whole.writes, [], "\(label): answered quietly at \(later.now), but the whole tick writes")
        XCTAssertEqual(answered.head, whole.head, label)
    }

    func checkNoDuplicateReviews() throws {
        var requested: [String: Int] = [:]
        for e in events where e.type == .reviewRequested { requested[e.subject, default: 0] += 1 }
        for (id, n) in requested where n > 1 { XCTFail("\(label): \(id) requested \(n) times") }
        var open: Set<String> = []
        for path in reviewPaths() where field(path, "status") == "pending" {
            let key = "\(field(path, "task")!).\(field(path, "type")!)"
            XCTAssertTrue(open.insert(key).inserted, "\(label): two open \(key) reviews")
            XCTAssertEqual(field(path, "id"), RepoPath.stem(path), label)
            // Nobody here moves a task under review by hand, so an open review's task is in review.
            XCTAssertEqual(field("queue/\(field(path, "task")!).md", "status"), "in_review", "\(label): \(path) is open")
        }
    }

    func checkNothingLost(_ report: TickReport) throws {
        for (path, text) in marks {
            let content = (try? repo.read(path)) ?? ""
            XCTAssertTrue(content.contains(text), "\(label): \(path) lost \(text.debugDescription)\n\(content)")
        }
        // A status a person set stays, unless a rule took the task on to its next step.
        let next: [String: Set<String>] = [
            "pending": ["pending", "blocked"], "blocked": ["blocked", "pending"], "in_progress": ["in_progress"],
            "complete": ["complete", "in_review", "approved", "scheduled", "in_progress"], "cancelled": ["cancelled"],
            "approved": ["approved"], "changes_requested": ["changes_requested"], "rejected": ["rejected"],
        ]
        for (path, status) in statusEdits {
            let now = field(path, "status") ?? "?"
            XCTAssertTrue(next[status]!.contains(now), "\(label): \(path): a person set \(status), the bot made it \(now)")
        }
    }

    func checkEscalatedOnce() {
        var reviews: [String: Int] = [:], tasks: [String: Int] = [:], totals: [String: Int] = [:]
        for e in events {
            if e.type == .slaExceeded, e.payload["kind"] == "review" { reviews[e.subject, default: 0] += 1 }
            if e.type == .slaExceeded, e.payload["kind"] == "total_review" { totals[e.subject, default: 0] += 1 }
            if e.type == .taskEscalated { tasks[e.subject, default: 0] += 1 }
        }
        for (id, n) in reviews where n > 1 { XCTFail("\(label): review \(id) escalated \(n) times") }
        for (id, n) in tasks where n > 1 { XCTFail("\(label): task \(id) escalated \(n) times") }
        for (id, n) in totals {
            // Once per round of reviews: never more often than the task has had revisions.
            let rounds = Int(field("queue/\(id).md", "revision") ?? "1") ?? 1
            XCTAssertLessThanOrEqual(n, rounds, "\(label): reviews of \(id) escalated \(n) times in \(rounds) rounds")
        }
        for path in reviewPaths() where field(path, "escalated_at") != nil {
            let n = reviews[RepoPath.stem(path)] ?? 0
            XCTAssertEqual(n, 1, "\(label): \(path) has escalated_at, and its breach was reported \(n) times")
        }
    }

    func checkNothingStuckBlocked() throws {
        for path in taskPaths() where field(path, "status") == "blocked" {
            let deps = list(field(path, "depends_on"))
            guard !deps.isEmpty else { continue }
            let done = deps.allSatisfy { dep in
                let p = "queue/\(dep).md"
                switch field(p, "status") {
                case "approved", "scheduled", "published": return true
                case "complete": return field(p, "type") != "content"
                default: return false
                }
            }
            XCTAssertFalse(done, "\(label): \(path) is blocked, but \(deps.joined(separator: ", ")) are done")
        }
    }

    // MARK: - Reading files as a person does: the key's line

    func taskPaths() -> [String] { files("queue") }
    func reviewPaths() -> [String] { files("reviews") }

    func files(_ folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: repo.path + "/" + folder)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted().map { "\(folder)/\($0)" }
    }

    func field(_ path: String, _ key: String) -> String? {
        guard let text = try? repo.read(path) else { return nil }
        let lines = text.components(separatedBy: "\n")
        guard lines.first == "---", let close = lines.dropFirst().firstIndex(of: "---") else { return nil }
        return lines[1..<close].first { $0.hasPrefix(key + ": ") }.map { String($0.dropFirst(key.count + 2)) }
    }

    func list(_ value: String?) -> [String] {
        guard let value else { return [] }
        return value.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

extension TestRepo {
    /// `git add -A && git commit` in one process (this test makes hundreds of commits, and starting
    /// a process is most of what a commit costs); returns the commit.
    func commitInOneRun(_ message: String, author: String, email: String, at time: Date) throws -> String {
        let date = "\(Int(time.timeIntervalSince1970)) +0000"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "git add -A && git -c commit.gpgsign=false commit -q --allow-empty -m \"$1\" && git rev-parse HEAD", "sh", message]
        p.currentDirectoryURL = URL(fileURLWithPath: path)
        p.environment = environment.merging([
            "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": date,
        ]) { _, b in b }
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw NSError(domain: "git", code: Int(p.terminationStatus)) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
