import ChaseCore
import GitKit

/// Which commits a tick must read: those after the last processed point, which is the newer of the
/// marker ref and the bot's own last commit (its `Chase-Processed` trailer), on the first-parent line.
struct TickRange {
    enum Mode: String, Codable, Sendable {
        /// Read the commits after `start`.
        case incremental
        /// First run: no marker and no bot commit. Decide from the head alone.
        case firstRun = "first-run"
        /// The marker is not on the branch any more, or the history is cut short: decide from the head alone.
        case reconcile
    }

    var mode: Mode
    /// Where reading starts (exclusive); nil unless incremental.
    var start: Oid?
    /// The commits to read, oldest first.
    var commits: [CommitInfo]
    var note: String?

    static func find(repo: Repository, head: Oid, marker: Oid?, branch: String) throws -> TickRange {
        let history: [CommitInfo]
        do {
            history = try repo.firstParentHistory(from: head, stopAt: { commit in
                commit.oid == marker || CommitMessage.processedThrough(commit.message) != nil
            })
        } catch let error as GitError where error.isNotFound {
            return TickRange(mode: .reconcile, start: nil, commits: [],
                             note: "the repository is shallow (its history stops before the last processed commit); reconciling from \(head.short) alone — check out with fetch-depth: 0")
        }
        if history.isEmpty { return TickRange(mode: .incremental, start: head, commits: [], note: nil) }
        if let parent = history.last!.parents.first {
            return TickRange(mode: .incremental, start: parent, commits: history.reversed(), note: nil)
        }
        // Walked to the root without finding where the last tick stopped.
        if let marker {
            return TickRange(mode: .reconcile, start: nil, commits: [],
                             note: "refs/chase/processed/\(branch) (\(marker.short)) is not on \(branch) any more (history rewritten); reconciling from \(head.short) alone")
        }
        return TickRange(mode: .firstRun, start: nil, commits: [], note: "first tick on \(branch): deciding from \(head.short) alone")
    }
}

extension Oid {
    var short: String { String(hex.prefix(7)) }
}
