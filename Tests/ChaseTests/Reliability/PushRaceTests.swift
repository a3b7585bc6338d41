import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest

/// `chase tick --push` racing other writers: someone pushes between the bot's fetch and its push
/// (injected at the push hook, so the race happens every time, without timing), before every push
/// up to the limit, or between the tick and the push of its notifications' outbox; and `chase`
/// processes pushing over smart HTTP while a person pushes. Nobody's commit is lost, the rules see
/// the merged state, and each notification goes out once, for the tick that landed.
final class PushRaceTests: XCTestCase {
    /// LORE-1 is open, so tasks depending on it are blocked (a notification each).
    private func fixture() throws -> PushFixture {
        try PushFixture { server in
            try server.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", assignee: 1))
            try server.commit("Queue")
        }
    }

    private func blockedTask(_ id: String) -> String { TaskText.make(id, assignee: 2, dependsOn: ["LORE-1"]) }

    private func annotations(_ f: PushFixture, about task: String) -> [String] {
        f.annotations.all.filter { $0.contains(task) }
    }

    func testASecondWriterBetweenFetchAndPushKeepsBothCommitsAndTheRulesSeeTheMergedState() throws {
        let f = try fixture()
        try f.server.write("queue/ASSET-1.md", TaskText.make("ASSET-1", type: "asset"))
        try f.server.write("queue/CONTENT-1.md", blockedTask("CONTENT-1"))
        let first = try f.server.commit("Add ASSET-1 and CONTENT-1")
        var second: String?

        let report = try f.pushTick { step, _ in
            guard step == .beforePush(attempt: 1) else { return }
            try f.server.write("queue/ASSET-2.md", TaskText.make("ASSET-2", type: "asset"))
            try f.server.write("queue/CONTENT-2.md", self.blockedTask("CONTENT-2"))
            second = try f.server.commit("Add ASSET-2 and CONTENT-2", author: "Agent 00", email: "agent00@example.com")
        }

        let theirs = try XCTUnwrap(second)
        XCTAssertEqual(report.push?.attempts, 2)
        XCTAssertEqual(report.head, theirs, "the landed tick ran on the second writer's commit")
        let commit = try XCTUnwrap(report.commit)
        // Both commits survive, in order, under the one bot commit that landed.
        XCTAssertEqual(try f.server.git(["rev-parse", "\(commit)^"]), theirs)
        XCTAssertEqual(try f.server.git(["rev-parse", "\(theirs)^"]), first)
        XCTAssertEqual(try f.server.botTickCommits(), [commit])
        // The rules saw the merged state: everything from both writers is routed and blocked.
        for task in ["ASSET-1", "ASSET-2"] {
            XCTAssertTrue(try f.server.show("main:queue/\(task).md").contains("assignee: 6"), task)
        }
        for task in ["CONTENT-1", "CONTENT-2"] {
            XCTAssertTrue(try f.server.show("main:queue/\(task).md").contains("status: blocked"), task)
            // Once: the refused first tick had CONTENT-1's notification too and must not have sent it.
            XCTAssertEqual(annotations(f, about: task).count, 1, "\(task): \(f.annotations.all)")
        }
        // The notifications' outbox commit landed on top, and the bot's refs point at it.
        let head = try XCTUnwrap(f.serverRev("main"))
        XCTAssertEqual(report.notifications?.commit, head)
        XCTAssertEqual(try f.server.git(["rev-parse", "main^"]), commit)
        XCTAssertEqual(f.serverRev("refs/chase/notified/main"), head)
        XCTAssertEqual(f.serverRev("refs/chase/processed/main"), head)
        XCTAssertEqual(try f.bot(["rev-parse", "main"]), head)
        XCTAssertEqual(try f.bot(["status", "--porcelain"]), "")
        XCTAssertEqual(try f.server.fsck(), "")

        // The next tick has nothing left: nothing sent again.
        let next = try f.pushTick(now: PushFixture.now.addingTimeInterval(60))
        XCTAssertNil(next.commit)
        XCTAssertEqual(next.events, [])
        XCTAssertEqual(f.annotations.all.count, 2, "\(f.annotations.all)")
    }

    func testPushesRefusedUpToTheLimitFailInOneLineAndLoseNothing() throws {
        let f = try fixture()
        try f.server.write("queue/CONTENT-1.md", blockedTask("CONTENT-1"))
        try f.server.commit("Add CONTENT-1")
        var pushedByOthers: [String] = []

        XCTAssertThrowsError(try f.pushTick(attempts: 3) { step, _ in
            guard case .beforePush(let attempt) = step else { return }
            try f.server.write("queue/ASSET-\(attempt).md", TaskText.make("ASSET-\(attempt)", type: "asset"))
            pushedByOthers.append(try f.server.commit("Add ASSET-\(attempt)"))
        }) { error in
            XCTAssertEqual("\(error)", "origin/main moved before each of 3 pushes (someone pushed meanwhile); their commits are kept, this tick's were not pushed: run it again")
        }

        XCTAssertEqual(pushedByOthers.count, 3)
        XCTAssertEqual(f.serverRev("main"), pushedByOthers.last)
        for commit in pushedByOthers {
            XCTAssertNoThrow(try f.server.git(["merge-base", "--is-ancestor", commit, "main"]))
        }
        XCTAssertEqual(try f.server.botTickCommits(), [])
        XCTAssertNil(f.serverRev("refs/chase/processed/main"))
        XCTAssertEqual(f.annotations.all, [], "no tick landed, so none notified")
        // The checkout holds no unpushed bot commit: it is the remote's, clean, ready for the next run.
        XCTAssertEqual(try f.bot(["rev-parse", "main"]), pushedByOthers.last)
        XCTAssertEqual(try f.bot(["status", "--porcelain"]), "")
        XCTAssertNil(try? f.bot(["rev-parse", "--verify", "-q", "refs/chase/processed/main"]))

        // The next run lands everything, and notifies once.
        let next = try f.pushTick(now: PushFixture.now.addingTimeInterval(60))
        XCTAssertEqual(next.push?.attempts, 1)
        XCTAssertEqual(annotations(f, about: "CONTENT-1").count, 1)
        for attempt in 1...3 {
            XCTAssertTrue(try f.server.show("main:queue/ASSET-\(attempt).md").contains("assignee: 6"))
        }
    }

    func testAWriterBetweenTheTickAndItsOutboxPushKeepsBothAndTheOutboxMovesOnTop() throws {
        let f = try fixture()
        try f.server.write("queue/CONTENT-1.md", blockedTask("CONTENT-1"))
        try f.server.commit("Add CONTENT-1")
        var theirs: String?

        let report = try f.pushTick { step, _ in
            guard step == .beforeFollowUpPush(attempt: 1) else { return }
            try f.server.write("queue/ASSET-1.md", TaskText.make("ASSET-1", type: "asset"))
            theirs = try f.server.commit("Add ASSET-1")
        }

        let tickCommit = try XCTUnwrap(report.commit)
        let other = try XCTUnwrap(theirs)
        let head = try XCTUnwrap(f.serverRev("main"))
        XCTAssertEqual(try f.server.git(["rev-parse", "main^"]), other, "the outbox commit went on top of theirs")
        XCTAssertEqual(report.notifications?.commit, head, "the report names the outbox commit that landed")
        XCTAssertEqual(try f.server.git(["rev-parse", "main^^"]), tickCommit)
        XCTAssertEqual(try f.server.git(["ls-tree", "-r", "--name-only", "main", "--", ".chase/outbox/"]).split(separator: "\n").count, 1)
        XCTAssertEqual(f.serverRev("refs/chase/notified/main"), head)
        XCTAssertEqual(f.serverRev("refs/chase/processed/main"), tickCommit, "their commit is not processed yet")
        XCTAssertEqual(try f.bot(["rev-parse", "main"]), head)
        XCTAssertEqual(try f.bot(["status", "--porcelain"]), "")

        // The next tick processes their commit, and sends nothing twice.
        let next = try f.pushTick(now: PushFixture.now.addingTimeInterval(60))
        XCTAssertEqual(next.commitsRead, 2)
        XCTAssertTrue(try f.server.show("main:queue/ASSET-1.md").contains("assignee: 6"))
        XCTAssertEqual(annotations(f, about: "CONTENT-1").count, 1, "\(f.annotations.all)")
    }

    func testARunStoppedAfterItsPushLandedIsCaughtUpByTheNextAndNotifiesOnce() throws {
        let f = try fixture()
        try f.server.write("queue/CONTENT-1.md", blockedTask("CONTENT-1"))
        try f.server.commit("Add CONTENT-1")

        // The run dies after its push, before it delivered anything.
        XCTAssertThrowsError(try PushingTick(options: f.options(), tickHook: { step, _ in
            if step == .beforeNotifications { throw InjectedCrash(step: "\(step)") }
        }).run())
        let landed = try XCTUnwrap(f.serverRev("main"))
        XCTAssertTrue(try f.server.show("main:queue/CONTENT-1.md").contains("status: blocked"))
        XCTAssertEqual(f.annotations.all, [])

        // The next run (a fresh checkout, as in Actions) finds nothing new, but delivers what the
        // landed tick did not.
        let fresh = f.server.root.appendingPathComponent("next-checkout").path
        try f.server.git(["clone", "-q", f.server.path, fresh], in: f.server.root.path)
        var options = f.options(now: PushFixture.now.addingTimeInterval(60))
        options.tick.repoPath = fresh
        let next = try PushingTick(options: options).run()
        XCTAssertNil(next.commit)
        XCTAssertEqual(annotations(f, about: "CONTENT-1").count, 1, "\(f.annotations.all)")
        XCTAssertNotNil(next.notifications?.commit, "the outbox entry is recorded")
        XCTAssertEqual(try f.server.git(["rev-parse", "main^"]), landed)

        // And a third sends nothing again.
        options.tick.now = PushFixture.now.addingTimeInterval(120)
        _ = try PushingTick(options: options).run()
        XCTAssertEqual(annotations(f, about: "CONTENT-1").count, 1)
    }

    /// Three bot checkouts run `chase tick --push` over smart HTTP at once, each round, while a
    /// person pushes too (rebasing when someone got there first). The server is git's own
    /// receive-pack, which updates each ref under a lock against the value the pusher saw.
    func testPushTickProcessesOverHTTPRacingAPersonLoseNoCommit() throws {
        let rounds = 6
        let repo = try TestRepo(bare: true)
        try repo.write("queue/LORE-0.md", TaskText.make("LORE-0", type: "lore", assignee: 1))
        try repo.commit("Queue")
        let server = try GitHTTPServer(root: repo.root, token: "s3cret")
        defer { server.server.stop() }
        let url = server.url(URL(fileURLWithPath: repo.path).lastPathComponent)
        let bots = try (0..<3).map { index -> String in
            let path = repo.root.appendingPathComponent("bot-\(index)").path
            try repo.git(["clone", "-q", repo.path, path], in: repo.root.path)
            try repo.git(["remote", "set-url", "origin", url], in: path)
            return path
        }
        let env = ["GITHUB_TOKEN": "s3cret", "GITHUB_ACTIONS": ""]
        var humans: [String] = []
        var exits: [String: Int] = [:]
        for round in 1...rounds {
            try repo.sync()
            if round > 1 {
                try repo.write("queue/ASSET-\(round - 1).md", TaskText.make("ASSET-\(round - 1)", type: "asset", status: "complete", assignee: 6))
            }
            try repo.write("queue/ASSET-\(round).md", TaskText.make("ASSET-\(round)", type: "asset"))
            try repo.git(["add", "-A"], in: repo.workPath)
            try repo.git(["commit", "-q", "-m", "Round \(round)"], in: repo.workPath)
            humans.append("Round \(round)")
            let now = Timestamp.format(TickScenario.now.addingTimeInterval(Double(round) * 60))
            let results = inParallel(1 + bots.count) { job -> Result<MeasuredRun, Error> in
                if job == 0 { return Result { try Self.pushRetrying(repo) } }
                return Result { try MeasuredRun.chase(["tick", "--push", "--json", "--repo", bots[job - 1], "--now", now], env: env) }
            }
            XCTAssertEqual(try results[0].get().exitCode, 0, "round \(round): the person's push went through")
            for run in results.dropFirst() {
                let run = try run.get()
                XCTAssertNil(run.signal, run.stderr)
                let attempts = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
                    .flatMap { $0["push"] as? [String: Any] }?["attempts"] as? Int
                let key = run.exitCode == 0 ? "landed in \(attempts.map(String.init) ?? "?") attempt(s)" : "gave up: \(run.stderr.prefix(60))"
                exits[key, default: 0] += 1
                if run.exitCode != 0 {
                    XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, "one line: \(run.stderr)")
                    XCTAssertTrue(run.stderr.contains("someone pushed meanwhile"), run.stderr)
                }
            }
            // The next scheduled tick settles what the round's losers left.
            let settle = try MeasuredRun.chase(["tick", "--push", "--repo", bots[0], "--now", now], env: env)
            XCTAssertEqual(settle.exitCode, 0, settle.stderr)
        }
        XCTAssertEqual(try repo.fsck(), "")
        let subjects = try repo.git(["log", "--format=%s", "main"]).split(separator: "\n").map(String.init)
        for human in humans { XCTAssertEqual(subjects.filter { $0 == human }.count, 1, "\(human) is on main once") }
        let processed = try repo.git(["log", "--invert-grep", "--grep=^chase: outbox:", "--format=%(trailers:key=Chase-Processed,valueonly)", "main"])
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        XCTAssertEqual(processed.count, Set(processed).count, "two bot commits for one change: \(processed)")
        let events = try repo.recordedEvents().compactMap(Event.fromJSON)
        for round in 1...rounds {
            let task = "ASSET-\(round)"
            XCTAssertEqual(events.filter { $0.subject == task && $0.type == .taskAssigned }.count, 1, "\(task) assigned once")
            XCTAssertTrue(try repo.show("main:queue/\(task).md").contains("assignee: 6"), task)
        }
        for bot in bots { XCTAssertEqual(try repo.git(["status", "--porcelain"], in: bot), "", "\(bot) is clean") }
        print("push races: \(rounds) rounds of 3 pushing ticks and a person: \(exits)")
    }

    /// The person's push, pulled again (rebasing their commit) whenever someone moved main first.
    private static func pushRetrying(_ repo: TestRepo) throws -> MeasuredRun {
        for _ in 0..<30 {
            if (try? repo.git(["push", "-q", "origin", "HEAD:main"], in: repo.workPath)) != nil {
                return MeasuredRun(exitCode: 0, signal: nil, stdout: "", stderr: "", maxResidentBytes: 0, cpuSeconds: 0)
            }
            try repo.git(["pull", "-q", "--rebase", "origin", "main"], in: repo.workPath)
        }
        return MeasuredRun(exitCode: 1, signal: nil, stdout: "", stderr: "gave up pushing", maxResidentBytes: 0, cpuSeconds: 0)
    }
}
