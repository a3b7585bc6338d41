import XCTest
@testable import ChaseCore

final class DependenciesTests: XCTestCase {
    func testPendingTaskWithUnfinishedDependencyIsBlocked() {
        let lore = Fixture.task("LORE-3", type: .lore, status: .inProgress, assignee: 1)
        let t = Fixture.task("CONTENT-15", assignee: 2, dependsOn: ["LORE-3"])
        let ws = Fixture.run(Fixture.state([lore, t]))
        XCTAssertEqual(ws.state.tasks["CONTENT-15"]?.status, .blocked)
        XCTAssertEqual(ws.events(.taskBlocked).first?.payload["blocked_by"], "LORE-3")
    }

    func testContentDependencyCountsOnlyOnceApproved() {
        let dep = Fixture.task("CONTENT-1", tier: 3, status: .inReview, assignee: 2)
        let t = Fixture.task("CONTENT-2", status: .blocked, assignee: 2, dependsOn: ["CONTENT-1"])
        var ws = Fixture.run(Fixture.state([dep, t]))
        XCTAssertEqual(ws.state.tasks["CONTENT-2"]?.status, .blocked)
        ws = Fixture.run(Fixture.state([dep, t], [Fixture.review("CONTENT-1", .coordinator, status: .approved)]))
        XCTAssertEqual(ws.state.tasks["CONTENT-1"]?.status, .approved)
        XCTAssertEqual(ws.state.tasks["CONTENT-2"]?.status, .pending, "approval resolves the dependency in the same tick")
    }

    func testUnblocksOnlyWhenTheLastDependencyIsDone() {
        let a = Fixture.task("LORE-1", type: .lore, status: .complete, assignee: 1)
        let b = Fixture.task("LORE-2", type: .lore, status: .inProgress, assignee: 1)
        let t = Fixture.task("CONTENT-1", status: .blocked, assignee: 2, dependsOn: ["LORE-1", "LORE-2"])
        XCTAssertEqual(Fixture.run(Fixture.state([a, b, t])).state.tasks["CONTENT-1"]?.status, .blocked)
        let b2 = Fixture.task("LORE-2", type: .lore, status: .complete, assignee: 1)
        let ws = Fixture.run(Fixture.state([a, b2, t]))
        XCTAssertEqual(ws.state.tasks["CONTENT-1"]?.status, .pending)
        XCTAssertEqual(ws.events(.dependencyResolved).count, 1)
    }

    func testUnknownDependencyIsReportedWhenItsFileChanged() {
        let t = Fixture.task("CONTENT-1", dependsOn: ["LORE-999"])
        var ws = Fixture.run(Fixture.state([t]), changed: ["queue/CONTENT-1.md"])
        XCTAssertEqual(ws.events(.fileInvalid).first?.subject, "queue/CONTENT-1.md")
        XCTAssertEqual(ws.events(.fileInvalid).first?.payload["reason"], "depends_on names LORE-999, which does not exist")
        XCTAssertEqual(ws.state.tasks["CONTENT-1"]?.status, .blocked)
        ws = Fixture.run(Fixture.state([t]))
        XCTAssertTrue(ws.events(.fileInvalid).isEmpty, "nothing changed, nothing reported twice")
    }

    func testDependencyWhoseFileDoesNotParseIsCalledInvalidWithWhere() {
        let t = Fixture.task("CONTENT-1", dependsOn: ["LORE-2"])
        var state = Fixture.state([t])
        state.invalid["queue/LORE-2.md"] = FileProblems([FileProblem(path: "queue/LORE-2.md", line: 4, message: "'status' is missing")])
        XCTAssertEqual(Dependencies.problems(in: state).map(\.message),
                       ["depends_on names LORE-2, whose file is invalid (queue/LORE-2.md:4: 'status' is missing)"])
    }

    func testCycleIsReportedWithItsIds() {
        let a = Fixture.task("LORE-1", type: .lore, dependsOn: ["LORE-2"])
        let b = Fixture.task("LORE-2", type: .lore, dependsOn: ["LORE-3"])
        let c = Fixture.task("LORE-3", type: .lore, dependsOn: ["LORE-1"])
        XCTAssertEqual(Dependencies.cycles(in: Fixture.state([a, b, c])), [["LORE-1", "LORE-2", "LORE-3"]])
        let problems = Dependencies.problems(in: Fixture.state([a, b, c]))
        XCTAssertEqual(problems.count, 3)
        XCTAssertEqual(problems.first?.message, "dependency cycle: LORE-1 → LORE-2 → LORE-3 → LORE-1")
    }

    func testCycleIsAFileInvalidEventForEachOfItsFiles() {
        let a = Fixture.task("LORE-1", type: .lore, dependsOn: ["LORE-2"])
        let b = Fixture.task("LORE-2", type: .lore, status: .blocked, dependsOn: ["LORE-1"])
        let ws = Fixture.run(Fixture.state([a, b]), changed: ["queue/LORE-2.md"])
        XCTAssertEqual(ws.events(.fileInvalid).map(\.subject), ["queue/LORE-1.md", "queue/LORE-2.md"],
                       "the unchanged file in the cycle is named too")
        XCTAssertEqual(Set(ws.events(.fileInvalid).map { $0.payload["reason"] }), ["dependency cycle: LORE-1 → LORE-2 → LORE-1"])
        XCTAssertEqual(ws.state.tasks["LORE-1"]?.status, .blocked)
    }

    func testSelfDependencyIsACycle() {
        let a = Fixture.task("LORE-1", type: .lore, dependsOn: ["LORE-1"])
        XCTAssertEqual(Dependencies.cycles(in: Fixture.state([a])), [["LORE-1"]])
    }

    func testLongChainDoesNotOverflow() {
        let tasks = (1...20_000).map { i in
            Fixture.task("LORE-\(i)", type: .lore, dependsOn: i > 1 ? ["LORE-\(i - 1)"] : [])
        }
        XCTAssertTrue(Dependencies.cycles(in: Fixture.state(tasks)).isEmpty)
    }
}
