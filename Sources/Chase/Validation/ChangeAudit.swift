import ChaseCore
import GitKit

/// `chase validate --base`: walks the commits from the base to the head (first parent, stopping at
/// the first commit the base already has), and checks each task, review and config change against
/// the policy of that commit's parent (`ChangePolicy`), never against the change itself.
struct ChangeAudit {
    let repo: Repository
    let fallback: Config

    struct Result {
        var commits: Int
        var problems: [FileProblem]
    }

    func run(base: Oid, head: Oid) throws -> Result {
        let commits: [CommitInfo]
        do {
            commits = try repo.firstParentHistory(from: head, stopAt: { (try? repo.isAncestor($0.oid, of: base)) == true })
        } catch let error as GitError where error.isNotFound {
            // The edge of a shallow clone: the authors of the missing commits cannot be checked.
            throw TickError.incompleteHistory("the history from \(base.hex.prefix(7)) to \(head.hex.prefix(7)) is incomplete"
                + (repo.isShallow ? " (a shallow clone: fetch the whole history, e.g. actions/checkout with fetch-depth: 0)" : ""))
        }
        var problems: [FileProblem] = []
        for commit in commits.reversed() {
            problems += try check(commit, base: base)
        }
        return Result(commits: commits.count, problems: problems)
    }

    private func check(_ commit: CommitInfo, base: Oid) throws -> [FileProblem] {
        let parent = try commit.parents.first.map { try repo.commit($0) }
        // The policy in force is the parent's: a commit cannot grant itself what it does.
        let config = try parent.map { try ConfigLoader.load(repo: repo, tree: $0.tree, fallback: fallback) } ?? fallback
        let policy = ChangePolicy(config: config)
        let author = ChangePolicy.Author(name: commit.author.name, email: commit.author.email, commit: commit.oid.hex)
        // Merging the base branch in brings changes that were checked when they landed there.
        let mergedBase = try commit.parents.dropFirst().filter { try repo.isAncestor($0, of: base) }.map { try repo.commit($0).tree }

        var problems: [FileProblem] = []
        let oldConfig = try parent.flatMap { try repo.blob(at: ConfigLoader.path, in: $0.tree)?.oid }
        let newConfig = try repo.blob(at: ConfigLoader.path, in: commit.tree)?.oid
        if oldConfig != newConfig, try !fromMergedBase(ConfigLoader.path, newConfig, mergedBase),
           let problem = policy.configProblem(path: ConfigLoader.path, by: author) {
            problems.append(problem)
        }
        for entry in try repo.treeDiff(from: parent?.tree, to: commit.tree, under: [RepoPath.queue, RepoPath.reviews]) {
            // A renamed task keeps its history; a review file under another name is a new review.
            if entry.status == .renamed, let to = entry.newPath, !to.hasPrefix(RepoPath.reviews) {
                if try fromMergedBase(to, entry.newOid, mergedBase) { continue }
                problems += policy.problems(path: to, old: try bytes(entry.oldOid), new: try bytes(entry.newOid), by: author)
                continue
            }
            for (path, old, new) in sides(entry) {
                if try fromMergedBase(path, new, mergedBase) { continue }
                problems += policy.problems(path: path, old: try bytes(old), new: try bytes(new), by: author)
            }
        }
        return problems
    }

    /// A diff entry as (path, old blob, new blob) pairs; a rename is a deletion and an addition.
    private func sides(_ e: DiffEntry) -> [(String, Oid?, Oid?)] {
        if e.status == .renamed, let from = e.oldPath, let to = e.newPath { return [(from, e.oldOid, nil), (to, nil, e.newOid)] }
        return [(e.path, e.oldOid, e.newOid)]
    }

    /// Whether the path's new state (nil: absent) is what a merged-in base commit has there.
    private func fromMergedBase(_ path: String, _ oid: Oid?, _ trees: [Oid]) throws -> Bool {
        for tree in trees where try repo.blob(at: path, in: tree)?.oid == oid { return true }
        return false
    }

    private func bytes(_ oid: Oid?) throws -> [UInt8]? {
        try oid.map { try repo.blob($0) }
    }
}
