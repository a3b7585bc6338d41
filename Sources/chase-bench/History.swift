import ChaseCore
import Foundation
import GitKit
import SeededRandom

/// One generated commit: who made it, when, why, and the files it changes.
struct GeneratedCommit {
    var author: Signature
    var message: String
    var changes: [String: TreeChange]
}

/// The edits a team makes to its queue between two ticks, one commit each: agents starting and
/// finishing tasks (with their work products), new tasks (some without `created` or `assignee`, for
/// the bot to fill), reviewers answering, people fixing titles and briefs, cancellations and
/// clean-ups, and changes outside the watched folders.
struct History {
    static let people: [(String, String)] = [
        ("Agent 01", "agent-01@example.com"), ("Agent 02", "agent-02@example.com"), ("Agent 03", "agent-03@example.com"),
        ("Agent 05", "agent-05@example.com"), ("Agent 07", "agent-07@example.com"), ("Agent 09", "agent-09@example.com"),
        ("Human Lead", "lead@example.com"), ("Mika Editor", "mika@example.com"),
    ]

    private var pending: [String] = []
    private var inProgress: [String] = []
    private var pendingReviews: [String] = []

    init(corpus: Corpus) {
        for t in corpus.tasks where !t.brokenAssignee {
            if t.status == .pending { pending.append(t.id) }
            if t.status == .inProgress { inProgress.append(t.id) }
        }
        pendingReviews = corpus.reviews.values.filter { $0.status == .pending }.map(\.path).sorted()
    }

    private static func take(_ pool: inout [String], _ rng: inout SeededRandom) -> String? {
        guard !pool.isEmpty else { return nil }
        let i = rng.below(pool.count)
        pool.swapAt(i, pool.count - 1)
        return pool.removeLast()
    }

    /// The next commit, made at `time`.
    mutating func next(_ corpus: inout Corpus, time: Date) -> GeneratedCommit {
        var rng = corpus.rng
        defer { corpus.rng = rng }
        while true {
            let person = rng.pick(History.people)
            let author = Signature(name: person.0, email: person.1, time: time)
            switch rng.weighted([25, 25, 20, 10, 10, 2, 8]) {
            case 0:
                guard let id = History.take(&pending, &rng) else { continue }
                var t = corpus.task(id)
                t.status = .inProgress
                inProgress.append(id)
                corpus.tasks[corpus.index[id]!] = t
                return GeneratedCommit(author: author, message: "\(id): start", changes: [t.path: .write(t.render())])
            case 1:
                guard let id = History.take(&inProgress, &rng) else { continue }
                var t = corpus.task(id)
                t.status = .complete
                corpus.tasks[corpus.index[id]!] = t
                var changes: [String: TreeChange] = [t.path: .write(t.render())]
                if let output = t.output, output.hasSuffix(".md") {
                    changes[output] = .write(Array("# \(t.title)\n\n\(corpus.body(lines: 4 + rng.below(10)))".utf8))
                }
                return GeneratedCommit(author: author, message: "\(id): done", changes: changes)
            case 2:
                var changes: [String: TreeChange] = [:]
                var ids: [String] = []
                for _ in 0..<(1 + rng.below(3)) {
                    corpus.rng = rng
                    var t = corpus.makeTask(status: .pending, created: rng.chance(30) ? nil : time, now: time)
                    rng = corpus.rng
                    if rng.chance(30) { t.assignee = nil }
                    if rng.chance(15), let dep = inProgress.last {
                        t.status = .blocked
                        t.dependsOn = [dep]
                        t.blockDependsOn = rng.chance(30)
                    } else if t.assignee != nil {
                        pending.append(t.id)
                    }
                    corpus.add(t)
                    changes[t.path] = .write(t.render())
                    ids.append(t.id)
                }
                return GeneratedCommit(author: author, message: "New tasks: \(ids.joined(separator: ", "))", changes: changes)
            case 3:
                guard let path = History.take(&pendingReviews, &rng) else { continue }
                var r = corpus.reviews[path]!
                r.status = rng.chance(85) ? .approved : .changesRequested
                r.notes.append(rng.pick(["Approved.", "Names checked.", "Please tighten the second paragraph."]))
                corpus.reviews[path] = r
                return GeneratedCommit(author: author, message: "\(r.id): \(r.status.rawValue)", changes: [path: .write(r.render())])
            case 4:
                guard !corpus.tasks.isEmpty else { continue }
                let i = corpus.tasks.count - 1 - rng.below(min(corpus.tasks.count, 500))
                var t = corpus.tasks[i]
                if rng.chance(50) { t.title += " (v2)" } else { t.body += "\nUpdate: \(corpus.body(lines: 1))" }
                corpus.tasks[i] = t
                return GeneratedCommit(author: author, message: "\(t.id): edit the brief", changes: [t.path: .write(t.render())])
            case 5:
                guard let id = History.take(&pending, &rng) else { continue }
                var t = corpus.task(id)
                if rng.chance(30) {
                    // A mistaken task, removed outright.
                    t.status = .cancelled
                    corpus.tasks[corpus.index[id]!] = t
                    return GeneratedCommit(author: author, message: "Remove \(id)", changes: [t.path: .delete])
                }
                t.status = .cancelled
                corpus.tasks[corpus.index[id]!] = t
                return GeneratedCommit(author: author, message: "\(id): cancel", changes: [t.path: .write(t.render())])
            default:
                return GeneratedCommit(author: author, message: "Notes", changes: [
                    "docs/notes-\(rng.below(20)).md": .write(Array("# Notes\n\n\(corpus.body(lines: 3))".utf8)),
                ])
            }
        }
    }
}
