import Chase
import ChaseCore
import Foundation
import XCTest

/// The tick the crash and race tests interrupt: a repository one tick old and one human commit
/// that gives the next tick its work, and what that work looks like done by a tick left alone.
enum TickScenario {
    static let now = Timestamp.parse("2026-01-09T10:00:00Z")!

    /// The kinds of tick under test: one that commits (files to create and edit, notifiable events)
    /// and one that commits nothing but still has events to report.
    enum Work: CaseIterable {
        case commits, eventsOnly
    }

    /// A repository one tick old, then one human commit that gives the next tick its work. Built the
    /// same way every time (the commit clock is fixed), so every commit id is the same in every copy.
    static func prepared(_ work: Work, bare: Bool) throws -> TestRepo {
        let repo = try TestRepo(bare: bare)
        try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", tier: 2, status: "pending", assignee: 2))
        try repo.write("queue/LORE-1.md", TaskText.make("LORE-1", type: "lore", assignee: 1))
        try repo.write("README.md", "# Queue\n")
        try repo.commit("Queue")
        _ = try Tick(options: repo.tickOptions(now: now, annotations: AnnotationLog())).run()
        try repo.sync()
        switch work {
        case .commits:
            // A review to create and a status to edit, a task to block and route, a P0 task to
            // escalate, and a file that does not parse.
            try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", tier: 2, status: "complete", assignee: 2))
            try repo.write("queue/CONTENT-2.md", TaskText.make("CONTENT-2", dependsOn: ["LORE-1"]))
            try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops", priority: "P0", created: "2026-01-01T00:00:00Z"))
        case .eventsOnly:
            try repo.write("queue/CONTENT-1.md", TaskText.make("CONTENT-1", tier: 2, status: "in_progress", assignee: 2))
        }
        try repo.write("queue/BROKEN-1.md", "---\nid: BROKEN-1\nstatus: [unclosed\n---\n")
        try repo.commit("Work for the next tick", author: "Agent 02", email: "agent02@example.com")
        return repo
    }

    /// What a user and a program can see once the ticks are over.
    struct Outcome: Equatable {
        var refs: [String]
        var files: [String: String]
        var annotations: [String]
        var clean: Bool
    }

    static func outcome(_ repo: TestRepo, annotations: [String]) throws -> Outcome {
        let clean = try repo.bare || repo.git(["status", "--porcelain"]).isEmpty
        return Outcome(refs: try repo.refs(), files: try repo.watchedFiles(), annotations: annotations.sorted(), clean: clean)
    }

    /// The reference: the same work done by a tick that is never stopped.
    static func uninterrupted(_ work: Work, bare: Bool) throws -> Outcome {
        let repo = try prepared(work, bare: bare)
        let log = AnnotationLog()
        let report = try Tick(options: repo.tickOptions(now: now, annotations: log)).run()
        XCTAssertEqual(report.commit != nil, work == .commits)
        XCTAssertFalse(log.all.isEmpty, "the reference tick notifies")
        return try outcome(repo, annotations: log.all)
    }
}
