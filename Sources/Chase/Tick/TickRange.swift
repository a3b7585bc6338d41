import ChaseCore
import GitKit

/// Which commits a tick must read: those after the last processed point, which is the newer of the
/// marker ref and the bot's own last commit that processed everything beneath it
/// (`BotIdentity.isProcessedPoint`), on the first-parent line. Anyone else's `Chase-Processed`
/// line is ignored: a forged trailer cannot hide the commits before it.
struct TickRange {
    typealias Mode = TickReport.Mode

    var mode: Mode
    /// Where reading starts (exclusive); nil unless incremental.
    var start: Oid?
    /// The commits to read, oldest first.
    var commits: [CommitInfo]
    var note: String?

    static func find(repo: Repository, head: Oid, marker: Oid?, branch: String, bot: BotIdentity) throws -> TickRange {
        let shallow = TickRange(mode: .reconcile, start: nil, commits: [],
                                note: "the repository is shallow (its history stops before the last processed commit); reconciling from \(head.short) alone — check out with fetch-depth: 0")
        let history: [CommitInfo]
        do {
            history = try repo.firstParentHistory(from: head, stopAt: { commit in
                commit.oid == marker || commit.isProcessedPoint(of: bot)
            })
        } catch let error as GitError where error.isNotFound {
            return shallow
        }
        // Where the walk stopped: the marker, a bot commit, or (nil) the root.
        let stop = history.isEmpty ? head : history.last!.parents.first
        if let marker, stop != marker {
            // Stopped at a bot commit or the root. The marker may be behind the bot commit (a run
            // stopped before moving it), but it must still be on the branch; otherwise history was
            // rewritten under it, and the commits after the bot commit may be ones already reported.
            let onBranch: Bool
            if !repo.objectExists(marker) {
                // A commit this repository does not have: cut off by a shallow clone, or gone.
                if repo.isShallow { return shallow }
                onBranch = false
            } else {
                do {
                    onBranch = try repo.isAncestor(marker, of: head)
                } catch is GitError where repo.isShallow {
                    return shallow
                }
            }
            if !onBranch || stop == nil {
                return TickRange(mode: .reconcile, start: nil, commits: [],
                                 note: "refs/chase/processed/\(branch) (\(marker.short)) is not on \(branch) any more (history rewritten); reconciling from \(head.short) alone")
            }
        }
        guard let stop else {
            return TickRange(mode: .firstRun, start: nil, commits: [], note: "first tick on \(branch): deciding from \(head.short) alone")
        }
        return TickRange(mode: .incremental, start: stop, commits: history.reversed(), note: nil)
    }
}

extension Oid {
    var short: String { String(hex.prefix(7)) }
}
