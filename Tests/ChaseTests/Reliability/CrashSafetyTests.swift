import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest

/// A tick stopped at each of its steps — by an error thrown from the hook, and by SIGKILL of a real
/// `chase tick` process — leaves the repository as it was or fully updated, and the next tick
/// finishes the work: the same commits, refs, files and notifications as a tick that never stopped,
/// with nothing twice and nothing missing.
final class CrashSafetyTests: XCTestCase {
    typealias Work = TickScenario.Work
    static let now = TickScenario.now

    /// After the stop and before any other tick: the branch is where it was or at the bot's
    /// commit, the marker did not pass the branch, and the object database is sound.
    private func assertWhole(_ repo: TestRepo, before: [String], expected: TickScenario.Outcome, _ label: String) throws {
        XCTAssertEqual(try repo.fsck(), "", label)
        let now = try repo.refs()
        let branchBefore = before.first { $0.hasPrefix("refs/heads/main ") }
        let branchNow = now.first { $0.hasPrefix("refs/heads/main ") }
        XCTAssertTrue(branchNow == branchBefore || expected.refs.contains(branchNow ?? ""),
                      "\(label): the branch is neither as it was nor at the bot's commit: \(branchNow ?? "none")")
        if branchNow == branchBefore, !repo.bare {
            XCTAssertEqual(try repo.git(["status", "--porcelain"]), "", "\(label): unchanged, so the work tree is clean")
        }
        XCTAssertEqual(Set(now.filter { !$0.hasPrefix("refs/chase/") }), Set(before.filter { !$0.hasPrefix("refs/chase/") })
            .subtracting([branchBefore ?? ""]).union([branchNow ?? ""]), "\(label): no other ref changed")
    }

    /// Stops a tick at every step in-process, then ticks again, for both kinds of work and both kinds
    /// of repository.
    func testThrowingAtEveryStepThenTickingAgainEndsAsIfNothingHappened() throws {
        var tried = 0
        for work in Work.allCases {
            for bare in [false, true] {
                let expected = try TickScenario.uninterrupted(work, bare: bare)
                for step in Tick.Step.allCases {
                    let label = "\(work) bare=\(bare) stopped \(step)"
                    let repo = try TickScenario.prepared(work, bare: bare)
                    let before = try repo.refs()
                    let log = AnnotationLog()
                    var reached = false
                    do {
                        _ = try Tick(options: repo.tickOptions(now: Self.now, annotations: log), hook: { at, _ in
                            if at == step { reached = true; throw InjectedCrash(step: "\(step)") }
                        }).run()
                    } catch let error as InjectedCrash {
                        XCTAssertEqual(error.step, "\(step)")
                    }
                    if !reached { continue }
                    tried += 1
                    try assertWhole(repo, before: before, expected: expected, label)
                    let again = try Tick(options: repo.tickOptions(now: Self.now, annotations: log)).run()
                    XCTAssertTrue(again.notes.allSatisfy { !$0.contains("work tree was not updated") }, "\(label): \(again.notes)")
                    XCTAssertEqual(try TickScenario.outcome(repo, annotations: log.all), expected, label)
                    let third = try Tick(options: repo.tickOptions(now: Self.now, annotations: log)).run()
                    XCTAssertNil(third.commit, label)
                    XCTAssertEqual(third.events, [], "\(label): a third tick finds nothing new")
                }
            }
        }
        // Commits: all five steps; events only: the marker and the notifications.
        XCTAssertEqual(tried, 2 * (5 + 2))
        print("crash safety: \(tried) crash points tried in-process")
    }

    /// Stopped after the branch moved and before the work tree followed, then a user edits one of
    /// the files left behind: the next tick brings the others up to date and keeps the user's edit.
    func testCatchingUpTheWorkTreeNeverOverwritesAUsersEdit() throws {
        let repo = try TickScenario.prepared(.commits, bare: false)
        XCTAssertThrowsError(try Tick(options: repo.tickOptions(now: Self.now, annotations: AnnotationLog()), hook: { step, _ in
            if step == .afterBranchUpdate { throw InjectedCrash(step: "\(step)") }
        }).run())
        let edited = TaskText.make("CONTENT-2", dependsOn: ["LORE-1"]) + "A user's note.\n"
        try repo.write("queue/CONTENT-2.md", edited)
        let report = try Tick(options: repo.tickOptions(now: Self.now, annotations: AnnotationLog())).run()
        XCTAssertNil(report.commit)
        XCTAssertTrue(report.notes.contains { $0.hasPrefix("the work tree was behind the bot's commit") }, "\(report.notes)")
        XCTAssertEqual(try repo.read("queue/CONTENT-2.md"), edited, "the user's edit is kept")
        XCTAssertTrue(try repo.read("queue/CONTENT-1.md").contains("status: in_review\n"))
        XCTAssertTrue(try repo.read("reviews/CONTENT-1.cultural.md").contains("reviewer: 9\n"))
        XCTAssertEqual(try repo.git(["status", "--porcelain"]), "MM queue/CONTENT-2.md")
    }

    /// The same with a real `chase tick` killed by SIGKILL at each step.
    func testKillingTheProcessAtEveryStepThenTickingAgainEndsAsIfNothingHappened() throws {
        var tried = 0
        for work in Work.allCases {
            for bare in [false, true] {
                let expected = try TickScenario.uninterrupted(work, bare: bare)
                for step in Tick.Step.allCases {
                    let label = "\(work) bare=\(bare) killed \(step)"
                    let repo = try TickScenario.prepared(work, bare: bare)
                    let before = try repo.refs()
                    let args = ["tick", "--repo", repo.path, "--branch", "main", "--now", Timestamp.format(Self.now)]
                    let killed = try MeasuredRun.chase(args, env: repo.actionsEnvironment.merging(["CHASE_TEST_CRASH_AT": "\(step)"]) { _, b in b })
                    if killed.signal == nil {
                        // The step is not on this tick's path: it ran to the end.
                        XCTAssertEqual(killed.exitCode, 0, "\(label): \(killed.stderr)")
                        continue
                    }
                    tried += 1
                    XCTAssertEqual(killed.signal, SIGKILL, label)
                    try assertWhole(repo, before: before, expected: expected, label)
                    let again = try MeasuredRun.chase(args, env: repo.actionsEnvironment)
                    XCTAssertEqual(again.exitCode, 0, "\(label): \(again.stderr)")
                    let annotations = (killed.stderr + again.stderr).split(separator: "\n").map(String.init).filter { $0.hasPrefix("::") }
                    XCTAssertEqual(try TickScenario.outcome(repo, annotations: annotations), expected, label)
                }
            }
        }
        XCTAssertEqual(tried, 2 * (5 + 2))
        print("crash safety: \(tried) crash points tried by killing the process")
    }
}
