import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest

/// Two or more ticks racing on one repository — a whole tick run while another is paused at each
/// step, threads each with their own `Repository`, and `chase tick` processes racing a person who
/// pushes — end with one bot commit per change, every human commit kept, and every notification
/// sent once. A loser either finds nothing left to do or stops cleanly, writing nothing.
final class ConcurrencyTests: XCTestCase {
    typealias Work = TickScenario.Work

    /// Deterministic races: tick A pauses at a step while tick B runs from start to end, then A
    /// goes on. Whichever step A pauses at, the result is that of one tick.
    func testATickRunWhileAnotherIsPausedAtEachStepEndsAsOneTick() throws {
        var races = 0
        for work in Work.allCases {
            for bare in [false, true] {
                let expected = try TickScenario.uninterrupted(work, bare: bare)
                for step in Tick.Step.allCases {
                    let label = "\(work) bare=\(bare) A paused \(step)"
                    let repo = try TickScenario.prepared(work, bare: bare)
                    let log = AnnotationLog()
                    var other: TickReport?
                    let first: Result<TickReport, Error> = Result {
                        try Tick(options: repo.tickOptions(now: TickScenario.now, annotations: log), hook: { at, _ in
                            guard at == step, other == nil else { return }
                            other = try Tick(options: repo.tickOptions(now: TickScenario.now, annotations: log)).run()
                        }).run()
                    }
                    guard other != nil else { continue }  // A never reached this step
                    races += 1
                    switch first {
                    case .success:
                        break
                    case .failure(ChaseError.branchMoved("main")):
                        XCTAssertTrue([.afterObjectsWritten, .beforeBranchUpdate].contains(step), "\(label): lost the branch race")
                    case .failure(let error):
                        XCTFail("\(label): \(error)")
                    }
                    // A third tick (as the next scheduled run) settles what a loser left, if anything.
                    let settle = try Tick(options: repo.tickOptions(now: TickScenario.now, annotations: log)).run()
                    XCTAssertNil(settle.commit, label)
                    XCTAssertEqual(settle.events, [], label)
                    XCTAssertEqual(try TickScenario.outcome(repo, annotations: log.all), expected, label)
                    XCTAssertEqual(try repo.fsck(), "", label)
                }
            }
        }
        XCTAssertEqual(races, 2 * (5 + 2))
        print("concurrency: \(races) paused-tick races run")
    }

    /// Three threads tick at once, each opening the repository itself, after every one of many
    /// human commits.
    func testThreadsTickingAtOnceMakeOneBotCommitPerChange() throws {
        let rounds = 24
        var outcomes: [String: Int] = [:]
        for bare in [false, true] {
            let repo = try TestRepo(bare: bare)
            try repo.write("queue/LORE-0.md", TaskText.make("LORE-0", type: "lore", assignee: 1))
            try repo.commit("Queue")
            var humans: [String] = []
            for round in 1...rounds / 2 {
                try Self.nextTask(repo, round)
                humans.append(try repo.commit("Add ASSET-\(round)"))
                let now = TickScenario.now.addingTimeInterval(Double(round) * 60)
                let results = inParallel(3) { _ in
                    Result { try Tick(options: .init(repoPath: repo.path, branch: "main", now: now)).run() }
                }
                for result in results {
                    let kind = try Self.classify(result)
                    outcomes[kind, default: 0] += 1
                }
                XCTAssertEqual(results.filter { (try? $0.get().commit) != nil }.count, 1, "round \(round): one winner")
                if !bare {
                    XCTAssertEqual(try repo.git(["status", "--porcelain"]), "", "round \(round): the work tree followed")
                }
                try repo.sync()
            }
            try assertNothingLost(repo, humans: humans, tasks: (1...rounds / 2).map { "ASSET-\($0)" })
        }
        print("concurrency: \(rounds) thread races (3 ticks each): \(outcomes)")
        XCTAssertEqual(outcomes.values.reduce(0, +), rounds * 3)
    }

    /// `chase tick` processes race each other and a person who commits and pushes (retrying when the
    /// bot got there first), on a bare repository as a server holds it.
    func testProcessesTickingWhileAPersonPushesLoseNoCommit() throws {
        let rounds = 10
        let repo = try TestRepo(bare: true)
        try repo.write("queue/LORE-0.md", TaskText.make("LORE-0", type: "lore", assignee: 1))
        try repo.commit("Queue")
        var humans: [String] = []
        var exits: [String: Int] = [:]
        for round in 1...rounds {
            // The person's change is committed first and pushed while the ticks run.
            try repo.sync()
            try Self.nextTask(repo, round)
            try repo.git(["add", "-A"], in: repo.workPath)
            try repo.git(["commit", "-q", "-m", "Add ASSET-\(round)"], in: repo.workPath)
            humans.append("Add ASSET-\(round)")
            let now = Timestamp.format(TickScenario.now.addingTimeInterval(Double(round) * 60))
            let results = inParallel(4) { job -> Result<MeasuredRun, Error> in
                if job == 0 { return Result { try Self.pushRetrying(repo) } }
                return Result { try MeasuredRun.chase(["tick", "--repo", repo.path, "--branch", "main", "--now", now]) }
            }
            for run in results.dropFirst() {
                let run = try run.get()
                let key = run.exitCode == 0 ? "exit 0" : "exit \(run.exitCode.map(String.init) ?? "signal"): \(Self.reason(run.stderr))"
                exits[key, default: 0] += 1
                XCTAssertNil(run.signal, "round \(round): \(run.stderr)")
                if run.exitCode != 0 {
                    XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, "round \(round): one line: \(run.stderr)")
                    XCTAssertTrue(run.stderr.contains("moved while the tick ran"), "round \(round): \(run.stderr)")
                }
            }
            XCTAssertEqual(try results[0].get().exitCode, 0, "round \(round): the push went through")
            // The next scheduled tick does what the round's losers left (all three may lose to the
            // push); without it the person's next change, which completes this round's task, would
            // race the bot's assignment of it.
            XCTAssertEqual(try MeasuredRun.chase(["tick", "--repo", repo.path, "--branch", "main", "--now", now]).exitCode, 0)
        }
        let messages = try repo.git(["log", "--format=%s", "main"]).split(separator: "\n").map(String.init)
        for human in humans { XCTAssertEqual(messages.filter { $0 == human }.count, 1, "\(human) is on main once") }
        try assertNothingLost(repo, humans: [], tasks: (1...rounds).map { "ASSET-\($0)" })
        print("concurrency: \(rounds) process races (3 ticks and a push each): \(exits)")
    }

    // MARK: - Helpers

    /// Every human commit is on the branch; no two bot commits processed the same commit; every
    /// task was created and assigned exactly once, and its file says so.
    private func assertNothingLost(_ repo: TestRepo, humans: [String], tasks: [String]) throws {
        XCTAssertEqual(try repo.fsck(), "")
        for human in humans {
            XCTAssertNoThrow(try repo.git(["merge-base", "--is-ancestor", human, "main"]), "\(human) is on main")
        }
        let processed = try repo.git(["log", "--invert-grep", "--grep=^chase: outbox:", "--format=%(trailers:key=Chase-Processed,valueonly)", "main"])
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        XCTAssertEqual(processed.count, Set(processed).count, "two bot commits for one change: \(processed)")
        let events = try repo.recordedEvents().compactMap(Event.fromJSON)
        for task in tasks {
            XCTAssertEqual(events.filter { $0.subject == task && $0.type == .taskAssigned }.count, 1, "\(task) assigned once")
            XCTAssertTrue(try repo.show("main:queue/\(task).md").contains("assignee: 6"), task)
        }
        if !repo.bare {
            XCTAssertEqual(try repo.git(["status", "--porcelain"]), "", "the work tree followed")
        }
    }

    /// A round's human change: the last round's task done (so agent 06 has room) and a new one.
    private static func nextTask(_ repo: TestRepo, _ round: Int) throws {
        if round > 1 {
            try repo.write("queue/ASSET-\(round - 1).md", TaskText.make("ASSET-\(round - 1)", type: "asset", status: "complete", assignee: 6))
        }
        try repo.write("queue/ASSET-\(round).md", TaskText.make("ASSET-\(round)", type: "asset"))
    }

    /// Sorts a thread's tick into the outcomes a race may have; anything else fails the test.
    private static func classify(_ result: Result<TickReport, Error>) throws -> String {
        switch result {
        case .success(let report): return report.commit == nil ? "nothing to do" : "committed"
        case .failure(ChaseError.branchMoved): return "lost the branch race"
        case .failure(ChaseError.dirtyWorkTree): return "work tree being updated"
        case .failure(let error): throw error
        }
    }

    /// The person's push, pulled again (rebasing their commit) whenever the bot moved the branch first.
    private static func pushRetrying(_ repo: TestRepo) throws -> MeasuredRun {
        for _ in 0..<20 {
            if (try? repo.git(["push", "-q", "origin", "HEAD:main"], in: repo.workPath)) != nil {
                return MeasuredRun(exitCode: 0, signal: nil, stdout: "", stderr: "", maxResidentBytes: 0, cpuSeconds: 0)
            }
            try repo.git(["pull", "-q", "--rebase", "origin", "main"], in: repo.workPath)
        }
        return MeasuredRun(exitCode: 1, signal: nil, stdout: "", stderr: "gave up pushing", maxResidentBytes: 0, cpuSeconds: 0)
    }

    private static func reason(_ stderr: String) -> String {
        stderr.contains("moved while the tick ran") ? "branch moved" : String(stderr.prefix(80))
    }
}

/// Runs `count` jobs on their own threads at once (not a pool that may run them one after another
/// on a small machine) and returns their results in order.
func inParallel<T>(_ count: Int, _ job: @escaping (Int) -> T) -> [T] {
    let shared = ParallelJobs(job)
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        Thread {
            shared.run(i)
            group.leave()
        }.start()
    }
    group.wait()
    return (0..<count).map { shared.values[$0]! }
}

/// The job and its results, shared by the threads of `inParallel`; the lock and the group's wait
/// order every access.
private final class ParallelJobs<T>: @unchecked Sendable {
    let job: (Int) -> T
    let lock = NSLock()
    var values: [Int: T] = [:]

    init(_ job: @escaping (Int) -> T) { self.job = job }

    func run(_ i: Int) {
        let value = job(i)
        lock.lock()
        values[i] = value
        lock.unlock()
    }
}
