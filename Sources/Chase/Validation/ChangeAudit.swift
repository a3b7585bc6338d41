import ChaseCore
import GitKit

/// `chase validate --base`: walks the commits from the base to the head (first parent, stopping at
/// the first commit the base already has), and checks each task, review, config and workflow change
/// against the policy of that commit's parent (`ChangePolicy`), never against the change itself.
/// Every change is judged as `actor` (a pull request's author, an agent's run), or, for local runs,
/// as the author each commit claims.
struct ChangeAudit {
    let repo: Repository
    let fallback: Config
    var actor: ChangeActor = .commitAuthors
    /// Parsed files by blob, shared by the commits of one run.
    let cache = ParseCache()

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
            throw ChaseError.incompleteHistory("the history from \(base.hex.prefix(7)) to \(head.hex.prefix(7)) is incomplete"
                + (repo.isShallow ? " (a shallow clone: fetch the whole history, e.g. actions/checkout with fetch-depth: 0)" : ""))
        }
        let baseTree = try repo.commit(base).tree
        var problems: [FileProblem] = []
        for commit in commits.reversed() {
            problems += try check(commit, base: base, baseTree: baseTree)
        }
        return Result(commits: commits.count, problems: problems)
    }

    /// Who the commit's changes are judged as. A pull request or an agent's run never holds the
    /// bot's work (the bot commits to the base branch, which the walk stops at).
    private func author(of commit: CommitInfo, bot: BotIdentity) -> ChangePolicy.Author {
        switch actor {
        case .login(let login): return ChangePolicy.Author(.login(login), commit: commit.oid.hex)
        case .agent(let number): return ChangePolicy.Author(.agent(number), commit: commit.oid.hex)
        case .commitAuthors:
            if commit.isBotCommit(of: bot) { return ChangePolicy.Author(.bot, commit: commit.oid.hex) }
            return ChangePolicy.Author(name: commit.author.name, email: commit.author.email, commit: commit.oid.hex)
        }
    }

    private func check(_ commit: CommitInfo, base: Oid, baseTree: Oid) throws -> [FileProblem] {
        let parent = try commit.parents.first.map { try repo.commit($0) }
        // The policy in force is the parent's: a commit cannot grant itself what it does.
        let config = try parent.map { try ConfigLoader.load(repo: repo, tree: $0.tree, fallback: fallback) } ?? fallback
        let policy = ChangePolicy(config: config)
        let author = author(of: commit, bot: config.bot)
        let merged = MergedBase(repo: repo, commit: commit, base: base, baseTree: baseTree)

        let assignee = { (task: String) -> Int? in
            guard let tree = parent?.tree, let blob = try? self.repo.blob(at: RepoPath.task(task), in: tree) else { return nil }
            return ChangePolicy.assignee(inTaskFile: blob.bytes)
        }
        var problems: [FileProblem] = []
        if let problem = policy.trailerProblem(message: commit.message, by: author) { problems.append(problem) }
        for entry in try repo.treeDiff(from: parent?.tree, to: commit.tree, under: ChangePolicy.machineryFolders) {
            for (path, _, new) in sides(entry) where try !merged.brought(path, new) {
                if let problem = policy.machineryProblem(path: path, by: author) { problems.append(problem) }
            }
        }
        for entry in try repo.treeDiff(from: parent?.tree, to: commit.tree, under: [RepoPath.queue, RepoPath.reviews]) {
            // A renamed task keeps its history; a review file under another name is a new review.
            if entry.status == .renamed, let to = entry.newPath, !to.hasPrefix(RepoPath.reviews) {
                if try merged.brought(to, entry.newOid) { continue }
                problems += policy.problems(path: to, old: try bytes(entry.oldOid), new: try bytes(entry.newOid), by: author, assignee: assignee)
                continue
            }
            for (path, old, new) in sides(entry) {
                if try merged.brought(path, new) { continue }
                // A file the base does not have is the pull request's own: removing it takes nothing from the queue.
                if new == nil, try repo.blob(at: path, in: baseTree) == nil { continue }
                problems += policy.problems(path: path, old: try bytes(old), new: try bytes(new), by: author, assignee: assignee)
            }
        }
        problems += try outputProblems(commit, parent: parent, policy: policy, author: author, merged: merged)
        return problems
    }

    /// Changes to the output files of tasks assigned to someone else, as the parent commit has them.
    private func outputProblems(_ commit: CommitInfo, parent: CommitInfo?, policy: ChangePolicy, author: ChangePolicy.Author,
                                merged: MergedBase) throws -> [FileProblem] {
        guard let parent else { return [] }
        let entries = try repo.treeDiff(from: parent.tree, to: commit.tree, under: [RepoPath.outputs])
        guard !entries.isEmpty else { return [] }
        let state = try StateLoader(repo: repo, cache: cache).load(tree: parent.tree).state
        var problems: [FileProblem] = []
        for entry in entries {
            for (path, _, new) in sides(entry) where try !merged.brought(path, new) {
                if let problem = policy.outputProblem(path: path, of: state.task(withOutput: path), by: author) { problems.append(problem) }
            }
        }
        return problems
    }

    /// A diff entry as (path, old blob, new blob) pairs; a rename is a deletion and an addition.
    private func sides(_ e: DiffEntry) -> [(String, Oid?, Oid?)] {
        if e.status == .renamed, let from = e.oldPath, let to = e.newPath { return [(from, e.oldOid, nil), (to, nil, e.newOid)] }
        return [(e.path, e.oldOid, e.newOid)]
    }

    private func bytes(_ oid: Oid?) throws -> [UInt8]? {
        try oid.map { try repo.blob($0) }
    }
}

/// What a merge commit brought in from the base branch: changes that were checked when they landed
/// there. Only content the base's tip has counts, so a merge of an older commit cannot roll a file
/// (the config, a verdict) back to what it was, nor delete it.
struct MergedBase {
    let repo: Repository
    let commit: CommitInfo
    let base: Oid
    let baseTree: Oid

    /// Whether the path's state in the commit (`oid`; nil: absent) is the base tip's and came in
    /// through a merged parent on the base branch that has it too.
    func brought(_ path: String, _ oid: Oid?) throws -> Bool {
        let merged = commit.parents.dropFirst()
        guard !merged.isEmpty, try repo.blob(at: path, in: baseTree)?.oid == oid else { return false }
        for parent in merged where try parent == base || repo.isAncestor(parent, of: base) {
            if try repo.blob(at: path, in: repo.commit(parent).tree)?.oid == oid { return true }
        }
        return false
    }
}
