import XCTest
@testable import ChaseCore
import SeededRandom

/// The dependency rule and the SLA monitor read indexes (the reverse dependency edges, the tasks
/// changed since the last pass, the SLA clocks kept oldest first) instead of every task they could
/// change. Here both are run against the full passes they replace, written out plainly below, over
/// seeded random states, configs and times, tick after tick: the same edits and the same events,
/// in the same order.
final class RulesInPlaceDifferentialTests: XCTestCase {

    // MARK: The reference: every candidate, every pass.

    static func referenceDependencies(_ ws: inout Workspace) {
        let waiting = ws.state.tasks.values.filter { ($0.status == .pending || $0.status == .blocked) && !$0.dependsOn.isEmpty }
        for task in waiting.sorted(by: { $0.id < $1.id }) {
            let notDone = task.dependsOn.filter { !ws.state.isDone($0) }
            if task.status == .pending, !notDone.isEmpty {
                ws.update(task: task.id) { $0.status = .blocked }
                ws.emit(.taskBlocked, subject: task.id, task: task.id, payload: ["blocked_by": notDone.joined(separator: ",")])
            } else if task.status == .blocked, notDone.isEmpty {
                ws.update(task: task.id) { $0.status = .pending }
                ws.emit(.dependencyResolved, subject: task.id, task: task.id, payload: ["dependencies": task.dependsOn.joined(separator: ",")])
            }
        }
    }

    static func referenceSLA(_ ws: inout Workspace) {
        let config = ws.context.config, now = ws.context.now
        let pending = ws.state.reviews.values.filter { $0.status == .pending && $0.escalatedAt == nil }
        for review in pending.sorted(by: { $0.id < $1.id }) {
            guard let task = ws.state.tasks[review.task],
                  let limit = config.sla.reviewThreshold(review.type, tier: config.tier(of: task)),
                  now.timeIntervalSince(review.requested) > limit else { continue }
            ws.update(review: review.id) { $0.escalatedAt = now }
            ws.emit(.slaExceeded, subject: review.id, task: task.id, payload: [
                "kind": "review", "review_type": review.type.rawValue, "reviewer": String(review.reviewer),
                "threshold": SLA.hours(limit), "pending": SLA.hours(now.timeIntervalSince(review.requested)),
            ])
        }
        let clocked = ws.state.tasks.values.filter { $0.status == .inReview || ($0.status.isOpen && $0.escalatedAt == nil) }
        for task in clocked.sorted(by: { $0.id < $1.id }) {
            if task.status == .inReview {
                let round = ws.state.reviews.values.filter { $0.task == task.id && $0.revision == task.revision && $0.status != .closed }
                if let start = round.map(\.requested).min(), let limit = config.sla.totalReview[config.tier(of: task)],
                   now.timeIntervalSince(start) > limit, !(task.reviewEscalatedAt.map { $0 >= start } ?? false) {
                    ws.update(task: task.id) { $0.reviewEscalatedAt = now }
                    ws.emit(.slaExceeded, subject: task.id, task: task.id, payload: [
                        "kind": "total_review", "tier": String(config.tier(of: task)), "threshold": SLA.hours(limit),
                        "pending": SLA.hours(now.timeIntervalSince(start)),
                    ])
                }
            }
            guard task.status.isOpen, task.escalatedAt == nil, let created = task.created,
                  let limit = config.sla.openTask[task.priority], now.timeIntervalSince(created) > limit else { continue }
            ws.update(task: task.id) { $0.escalatedAt = now }
            ws.emit(.taskEscalated, subject: task.id, task: task.id, payload: [
                "reason": "\(task.priority.rawValue) task open more than \(SLA.hours(limit))",
                "agent": task.assignee.map(String.init) ?? "none", "to": "0",
            ])
        }
    }

    /// `RuleEngine.run`'s passes with the two rules above in place of the real ones.
    static func referenceRun(_ state: QueueState, _ context: RuleContext) -> Workspace {
        var ws = Workspace(state: state, context: context)
        for _ in 0..<RuleEngine.maxPasses {
            let before = ws.version
            Intake.apply(&ws)
            referenceDependencies(&ws)
            Leases.apply(&ws)
            Routing.apply(&ws)
            Approval.apply(&ws); Reviews.apply(&ws)
            referenceSLA(&ws)
            Publishing.apply(&ws)
            if ws.version == before { break }
        }
        return ws
    }

    // MARK: Random inputs

    static func randomState(_ rng: inout SeededRandom, at now: Date) -> QueueState {
        let count = 3 + rng.below(40)
        func someID() -> String { "T-\(rng.below(count + 3))" }
        func past(_ hours: Int) -> Date { now.addingTimeInterval(-Double(rng.below(hours * 60)) * 60) }
        var files: [(path: String, parsed: ParsedFile)] = []
        for i in 0..<count {
            var task = Fixture.task("T-\(i)", type: rng.pick(TaskType.allCases), priority: rng.pick(Priority.allCases),
                                    tier: rng.below(4) == 0 ? nil : 1 + rng.below(3), status: rng.pick(TaskStatus.allCases),
                                    assignee: rng.below(3) == 0 ? nil : rng.below(10),
                                    dependsOn: (0..<[0, 0, 1, 1, 2, 3][rng.below(6)]).map { _ in someID() },
                                    created: rng.below(6) == 0 ? nil : past(120), revision: 1 + rng.below(2),
                                    escalatedAt: rng.below(4) == 0 ? past(10) : nil)
            if rng.below(4) == 0 { task.reviewEscalatedAt = past(10) }
            files.append((task.path, .task(task)))
            for type in ReviewType.allCases where rng.below(3) == 0 {
                let review = Fixture.review(task.id, type, status: rng.pick(ReviewStatus.allCases), revision: 1 + rng.below(2),
                                            requested: past(8), escalatedAt: rng.below(5) == 0 ? past(2) : nil)
                files.append((review.path, .review(review)))
            }
        }
        // A dependency whose file does not parse.
        let broken = RepoPath.queue + "T-\(count).md"
        files.append((broken, .invalid(FileProblems([FileProblem(path: broken, line: 1, message: "no front matter")]))))
        return QueueState(files: files)
    }

    static func randomConfig(_ rng: inout SeededRandom) -> Config {
        var config = Config.default
        guard rng.below(3) != 0 else { return config }
        func limit() -> TimeInterval { Double(5 + rng.below(6 * 60)) * 60 }
        config.sla.review = [:]
        for tier in 1...3 {
            for type in ReviewType.allCases where rng.below(3) != 0 { config.sla.review[tier, default: [:]][type] = limit() }
        }
        config.sla.totalReview = [:]
        for tier in 1...3 where rng.below(3) != 0 { config.sla.totalReview[tier] = limit() }
        config.sla.openTask = [:]
        for priority in Priority.allCases where rng.below(2) == 0 { config.sla.openTask[priority] = limit() * 10 }
        return config
    }

    static func summary(_ ws: Workspace) -> [String] {
        ws.editOrder.map { path in path + ": " + (ws.edits[path] ?? []).map { "\($0.key)=\($0.value ?? "-")" }.joined(separator: " ") }
            + ws.events.map { "\($0.type.rawValue) \($0.subject) \($0.task ?? "-") \($0.payload.sorted { $0.key < $1.key })" }
    }

    // MARK: The tests

    /// Three ticks on each random state, minutes to hours apart, each from the state the last left.
    func testTheRulesAgreeWithFullPassesTickAfterTick() {
        var rng = SeededRandom(seed: 1515)
        var changes = 0
        for round in 0..<300 {
            var now = Fixture.t0
            let config = RulesInPlaceDifferentialTests.randomConfig(&rng)
            var state = RulesInPlaceDifferentialTests.randomState(&rng, at: now)
            for tick in 0..<3 {
                let context = RuleContext(config: config, now: now, head: String(repeating: "b", count: 40))
                let fast = RuleEngine.run(state: state, diffEvents: [], context: context)
                let reference = RulesInPlaceDifferentialTests.referenceRun(state, context)
                XCTAssertEqual(RulesInPlaceDifferentialTests.summary(fast), RulesInPlaceDifferentialTests.summary(reference),
                               "round \(round), tick \(tick)")
                XCTAssertEqual(fast.events, reference.events, "round \(round), tick \(tick)")
                changes += fast.events.count
                state = fast.state
                now = now.addingTimeInterval(Double(rng.below(6 * 60)) * 60)
            }
        }
        // The inputs do exercise the rules.
        XCTAssertGreaterThan(changes, 300)
    }

    /// One rule alone, on states the other rules have not settled (a pending task whose dependency
    /// is not done, a blocked one whose dependencies all are), run twice in a row.
    func testEachRuleAloneAgreesWithItsFullPass() {
        var rng = SeededRandom(seed: 77)
        for round in 0..<300 {
            let now = Fixture.at(Double(rng.below(600)))
            let config = RulesInPlaceDifferentialTests.randomConfig(&rng)
            let state = RulesInPlaceDifferentialTests.randomState(&rng, at: now)
            let context = RuleContext(config: config, now: now, head: String(repeating: "c", count: 40))
            let rules: [(String, (inout Workspace) -> Void, (inout Workspace) -> Void)] = [
                ("dependencies", Dependencies.apply, RulesInPlaceDifferentialTests.referenceDependencies),
                ("sla", SLA.apply, RulesInPlaceDifferentialTests.referenceSLA),
            ]
            for (name, rule, reference) in rules {
                var fast = Workspace(state: state, context: context), slow = fast
                rule(&fast); reference(&slow)
                rule(&fast); reference(&slow)
                XCTAssertEqual(RulesInPlaceDifferentialTests.summary(fast), RulesInPlaceDifferentialTests.summary(slow), "\(name), round \(round)")
            }
        }
    }

    /// A later pass of the dependency rule looks at the tasks changed since its last and at the
    /// tasks that depend on them: a dependency approved by another rule's change unblocks its
    /// dependant in the same tick, a dependency sent back blocks its pending dependant again.
    func testALaterPassFollowsAChangedDependencyToItsDependants() {
        let state = Fixture.state([
            Fixture.task("A", type: .lore, status: .inProgress, assignee: 1),
            Fixture.task("B", type: .lore, status: .blocked, dependsOn: ["A"]),
            Fixture.task("C", type: .lore, status: .pending, assignee: 1, dependsOn: ["D"]),
            Fixture.task("D", type: .lore, status: .complete),
        ])
        var ws = Workspace(state: state, context: RuleContext(config: .default, now: Fixture.t0, head: ""))
        Dependencies.apply(&ws)
        XCTAssertEqual(ws.events.count, 0)
        ws.update(task: "A") { $0.status = .complete }
        ws.update(task: "D") { $0.status = .inProgress }
        Dependencies.apply(&ws)
        XCTAssertEqual(ws.events.map(\.type), [.dependencyResolved, .taskBlocked])
        XCTAssertEqual(ws.events.map(\.subject), ["B", "C"])
        XCTAssertEqual(ws.state.tasks["B"]?.status, .pending)
        XCTAssertEqual(ws.state.tasks["C"]?.status, .blocked)
    }
}
