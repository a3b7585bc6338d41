@testable import Chase
import ChaseCore
import Foundation
import XCTest

/// `status --watch`'s loop, on a simulated clock: no test sleeps.
final class HeadWatcherTests: XCTestCase {
    /// A fake clock that commits land on: the head changes at given times.
    final class Timeline {
        var now: TimeInterval = 0
        var commits: [(at: TimeInterval, head: String)]
        var draws: [(at: TimeInterval, head: String?)] = []
        init(_ commits: [(TimeInterval, String)]) { self.commits = commits.map { (at: $0.0, head: $0.1) } }
        var head: String? { commits.last { $0.at <= now }?.head }
    }

    func testEveryNewCommitIsDrawnWithinTwoSeconds() throws {
        let timeline = Timeline([(0, "a"), (3.4, "b"), (3.9, "c"), (10.05, "d")])
        let watcher = HeadWatcher(readHead: { timeline.head }, sleep: { timeline.now += $0 }, keepGoing: { timeline.now < 15 })
        try watcher.run { head in timeline.draws.append((timeline.now, head)) }
        XCTAssertEqual(timeline.draws.map(\.head), ["a", "c", "d"])
        for (at, head) in timeline.commits.map({ ($0.at, $0.head) }) {
            // The draw that first shows this commit, or a later one, comes within 2 s.
            let shown = timeline.draws.first { $0.at >= at }
            XCTAssertNotNil(shown, head)
            XCTAssertLessThanOrEqual(shown!.at - at, 2, head)
        }
    }

    func testNothingNewDrawsOnce() throws {
        var polls = 0, draws = 0
        let watcher = HeadWatcher(readHead: { polls += 1; return "a" }, sleep: { _ in }, keepGoing: { polls < 50 })
        try watcher.run { _ in draws += 1 }
        XCTAssertEqual(polls, 50)
        XCTAssertEqual(draws, 1)
    }

    func testWatchingARealRepositorySeesTheNextCommit() throws {
        let repo = try TestRepo()
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops"))
        try repo.commit("First task")
        var polls = 0
        var boards: [String] = []
        var watcher = HeadWatcher.branch("main", in: repo.path)
        watcher.sleep = { _ in
            polls += 1
            // Someone commits between the second and the third poll.
            if polls == 2 {
                try? repo.write("queue/OPS-2.md", TaskText.make("OPS-2", type: "ops"))
                _ = try? repo.commit("Second task")
            }
        }
        watcher.keepGoing = { polls < 5 }
        try watcher.run { _ in
            let snapshot = try QueueSnapshot.load(repoPath: repo.path, branch: "main")
            boards.append(snapshot.state.tasks.keys.sorted().joined(separator: ","))
        }
        XCTAssertEqual(boards, ["OPS-1", "OPS-1,OPS-2"])
    }

    func testAMissingRepositoryStopsTheWatchWithAnError() {
        let watcher = HeadWatcher.branch("main", in: "/nonexistent/repo")
        XCTAssertThrowsError(try watcher.run { _ in XCTFail("drew") })
    }
}
