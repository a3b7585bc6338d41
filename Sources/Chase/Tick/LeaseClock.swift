import ChaseCore
import Foundation
import GitKit

/// When a commit last touched each task a lease applies to (its file or its output): the branch's
/// first-parent history read back from the head, only as far as the longest lease reaches, each
/// commit diffed against its parent under those paths alone. A task found nowhere in that window
/// was not touched within any lease.
enum LeaseClock {
    static func lastTouched(repo: Repository, head: Oid, state: QueueState, config: Config, now: Date) throws -> [String: Date]? {
        let candidates = Leases.candidates(in: state, config: config)
        guard let longest = config.sla.lease.values.max() else { return nil }
        guard !candidates.isEmpty else { return [:] }
        let horizon = now.addingTimeInterval(-longest)
        var byPath: [String: [String]] = [:]
        for c in candidates { for path in c.paths { byPath[path, default: []].append(c.task) } }
        let paths = byPath.keys.sorted()
        var touched: [String: Date] = [:]
        var next: Oid? = head
        while let oid = next, touched.count < candidates.count {
            let commit = try repo.commit(oid)
            if commit.author.time < horizon { break }
            let parentTree = try commit.parents.first.map { try repo.commit($0).tree }
            for entry in try repo.treeDiff(from: parentTree, to: commit.tree, under: paths, findRenames: false) {
                for path in [entry.oldPath, entry.newPath].compactMap({ $0 }) {
                    for task in byPath[path] ?? [] where touched[task] == nil { touched[task] = commit.author.time }
                }
            }
            next = commit.parents.first
        }
        return touched
    }
}
