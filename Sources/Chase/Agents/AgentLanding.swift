import ChaseCore
import Foundation
import GitKit

/// `chase agents land`: the agents workflow's last step. Each agent ran in its own job with a
/// read-only token and handed on one patch (`git diff --binary` from where it started); this puts
/// them on the branch, one commit per agent, and pushes them.
///
/// Each agent's patch is judged on its own, so one agent's refused change never holds back the
/// others': it may touch only `queue/`, `reviews/` and `outputs/`, with regular files; it must apply
/// to the branch as it is now; and its commit — made under the agent's identity from the config,
/// whatever its own commits claimed — must pass `chase validate` as that agent (who may change
/// what) and add no problem the branch did not already have. When someone pushes meanwhile, every
/// patch is applied and judged again on their commit before the next push (never forced).
public struct AgentLanding {
    /// One agent's change: its number and its patch (empty: it changed nothing).
    public struct Change: Sendable {
        public var agent: Int
        public var patch: [UInt8]
        public init(agent: Int, patch: [UInt8]) { self.agent = agent; self.patch = patch }
    }

    public struct Options {
        public var repoPath: String
        /// The branch to land on (default: the branch HEAD points to).
        public var branch: String?
        /// A remote's name or URL.
        public var remote: String
        public var attempts: Int
        /// The time of the agents' commits.
        public var now: Date
        /// Where the push token comes from (`GITHUB_TOKEN`).
        public var environment: [String: String]
        /// The config where the branch has no `.chase/config.yml`.
        public var fallback: Config

        public init(repoPath: String, branch: String? = nil, remote: String = "origin", attempts: Int = 3, now: Date = Date(),
                    environment: [String: String] = ProcessInfo.processInfo.environment, fallback: Config = .default) {
            self.repoPath = repoPath; self.branch = branch; self.remote = remote; self.attempts = attempts
            self.now = now; self.environment = environment; self.fallback = fallback
        }
    }

    /// What became of one agent's change.
    public struct Outcome: Sendable, Codable, Equatable {
        public enum Status: String, Sendable, Codable { case landed, unchanged, refused }
        public var agent: Int
        public var handle: String
        public var status: Status
        /// The agent's commit, when it landed.
        public var commit: String?
        /// Why it was refused, one reason a line (`file:line: message` for validate's problems).
        public var problems: [String]
    }

    public struct Report: Sendable, Codable, Equatable {
        public var branch: String
        public var remote: String
        /// The branch's commit the agents' commits went on top of (at the last attempt).
        public var base: String
        /// The commit pushed; nil when nothing was.
        public var pushed: String?
        /// Fetch–apply–push rounds: 1 unless someone pushed meanwhile.
        public var attempts: Int
        public var agents: [Outcome]

        public var refused: [Outcome] { agents.filter { $0.status == .refused } }
    }


    /// The folders an agent may change.
    public static let folders = [RepoPath.queue, RepoPath.reviews, RepoPath.outputs]

    let options: Options
    /// Where tests step in: just before each push, with the round's number (from 1).
    let beforePush: (Int) throws -> Void

    public init(options: Options, beforePush: @escaping (Int) throws -> Void = { _ in }) {
        self.options = options
        self.beforePush = beforePush
    }

    public func run(_ changes: [Change]) throws -> Report {
        try ChaseError.reportingGit { try runUnchecked(changes) }
    }

    private func runUnchecked(_ changes: [Change]) throws -> Report {
        let repo = try Repository.open(at: options.repoPath)
        guard let branch = try options.branch ?? repo.headBranch() else { throw ChaseError.noBranch }
        let remote = try Remote(repo, options.remote)
        let credentials = RemoteCredentials(environment: options.environment)
        let branchRef = "refs/heads/\(branch)"
        let fetchSpec = remote.isNamed ? "+\(branchRef):refs/remotes/\(remote.name)/\(branch)" : branchRef
        // The commit pushed goes from a ref of its own: a push names a reference, and the local
        // branch (perhaps checked out) moves only once the remote took the commit.
        let scratchRef = "refs/chase/landing/\(branch)"
        let sorted = changes.sorted { $0.agent < $1.agent }
        let attempts = min(max(options.attempts, 1), 10)
        var attempt = 0
        var head = try fetchHead(remote, fetchSpec, branchRef, credentials, branch)
        while true {
            attempt += 1
            var tip = head
            var outcomes: [Outcome] = []
            for change in sorted {
                let outcome = try land(change, on: tip, repo: repo)
                if outcome.status == .landed, let commit = outcome.commit.flatMap(Oid.init(hex:)) { tip = commit }
                outcomes.append(outcome)
            }
            var report = Report(branch: branch, remote: options.remote, base: head.hex, pushed: nil, attempts: attempt, agents: outcomes)
            if tip == head { return report }

            try repo.updateReference(scratchRef, to: tip, expected: try repo.referenceTarget(scratchRef), message: "chase: the agents' changes")
            defer { try? repo.deleteReference(scratchRef) }
            try beforePush(attempt)
            do {
                try remote.push(["\(scratchRef):\(branchRef)"], credentials: credentials)
            } catch let rejection as PushRejection {
                let fresh = try fetchHead(remote, fetchSpec, branchRef, credentials, branch)
                if fresh == head {
                    throw ChaseError.landingFailed("\(rejection); none of the agents' changes were pushed")
                }
                if attempt == attempts {
                    throw ChaseError.landingFailed("\(options.remote)/\(branch) moved before each of \(attempts) pushes (someone pushed "
                        + "meanwhile); none of the agents' changes were pushed")
                }
                head = fresh
                continue
            }
            report.pushed = tip.hex
            try followLocally(repo, branch: branch, to: tip)
            return report
        }
    }

    private func fetchHead(_ remote: Remote, _ spec: String, _ ref: String, _ credentials: RemoteCredentials, _ branch: String) throws -> Oid {
        guard let head = try remote.fetch([spec], credentials: credentials)[ref] else {
            throw ChaseError.remoteBranchMissing(branch: branch, remote: options.remote)
        }
        return head
    }

    /// A local branch that is behind what was pushed follows it (and its work tree, when checked
    /// out and clean there); one that went elsewhere is left alone.
    private func followLocally(_ repo: Repository, branch: String, to tip: Oid) throws {
        guard let local = try repo.referenceTarget("refs/heads/\(branch)"), local != tip, try repo.isAncestor(local, of: tip) else { return }
        try? BranchMove.move(repo: repo, branch: branch, from: local, to: tip)
    }

    /// One agent's change on top of `tip`: checked, applied, committed as the agent and validated
    /// as the agent. Nothing of a refused change stays on the branch.
    private func land(_ change: Change, on tip: Oid, repo: Repository) throws -> Outcome {
        let tipCommit = try repo.commit(tip)
        let config = try ConfigLoader.load(repo: repo, tree: tipCommit.tree, fallback: options.fallback)
        let handle = Agent(number: change.agent, name: "", role: "").handle
        func refuse(_ problems: [String]) -> Outcome {
            Outcome(agent: change.agent, handle: handle, status: .refused, commit: nil, problems: problems)
        }
        guard let agent = config.agent(change.agent) else {
            return refuse(["\(handle) is not in the config; its change was not landed"])
        }
        if change.patch.isEmpty { return Outcome(agent: agent.number, handle: handle, status: .unchanged, commit: nil, problems: []) }
        let patch: Patch
        do {
            patch = try Patch(change.patch)
        } catch let error as GitError {
            return refuse(["its patch cannot be read (\(error.message)); nothing of it was landed"])
        }
        let outside = patch.files.flatMap(\.paths).filter { path in !Self.folders.contains { path.hasPrefix($0) } }
        if !outside.isEmpty {
            return refuse(outside.map { "\($0): changed outside queue/, reviews/ and outputs/; nothing of \(handle)'s change was landed" })
        }
        let special = patch.files.filter { $0.newPath != nil && $0.newMode != 0o100644 && $0.newMode != 0o100755 }
        if !special.isEmpty {
            return refuse(special.compactMap(\.newPath).map { "\($0): not a regular file (a link or a submodule); nothing of \(handle)'s change was landed" })
        }
        let tree: Oid
        do {
            tree = try repo.apply(patch, to: tipCommit.tree)
        } catch let error as GitError {
            return refuse(["its patch does not apply on \(tip.short) (a change made meanwhile to the same lines: \(error.message)); nothing of it was landed"])
        }
        if tree == tipCommit.tree { return Outcome(agent: agent.number, handle: handle, status: .unchanged, commit: nil, problems: []) }

        let identity = Signature(name: handle, email: Self.email(of: agent), time: options.now)
        let commit = try repo.createCommit(tree: tree, parents: [tip], author: identity, committer: identity,
                                           message: "\(handle): work from the agents workflow\n")
        let problems = try newProblems(commit: commit, over: tip, agent: agent)
        if !problems.isEmpty { return refuse(problems) }
        return Outcome(agent: agent.number, handle: handle, status: .landed, commit: commit.hex, problems: [])
    }

    /// The git email an agent's commits are made with: its first identity in the config, or a
    /// no-reply address nobody else is known by.
    public static func email(of agent: Agent) -> String {
        agent.identities.first ?? "\(agent.handle)@users.noreply.github.com"
    }

    /// What `chase validate` says of the agent's commit that it did not say of the branch before:
    /// every change the agent may not make, and every new problem of the files (lines left out of
    /// the comparison, as other edits move them). Problems already on the branch hold nobody back.
    private func newProblems(commit: Oid, over tip: Oid, agent: Agent) throws -> [String] {
        func key(_ p: FileProblem) -> String { "\(p.path): \(p.message)" }
        let before = Set(try Validation.run(repoPath: options.repoPath, revision: tip.hex, base: nil, fallback: options.fallback)
            .problems.map(key))
        // As the agent, as the job that ran it vouches: not as whatever email a commit carries.
        let after = try Validation.run(repoPath: options.repoPath, revision: commit.hex, base: tip.hex, actor: .agent(agent.number),
                                       fallback: options.fallback)
        return after.problems.filter { !before.contains(key($0)) }.map(\.description)
    }
}
