import ChaseCore
import Foundation
import GitKit

/// How `chase mcp` writes: a tool decides its file writes against the branch head; they are
/// checked by the change policy of `chase validate` (judged as the agent the server serves) and
/// parsed back, before anything is written; then one commit as the agent on the branch the
/// checkout has out, moved with compare-and-swap. When the branch moved meanwhile (another agent,
/// a tick), the tool decides again on the new head. The work tree gets exactly the files written,
/// never another path (an agent's drafts stay as they are); nothing is pushed.
struct AgentCommit {
    let desk: AgentDesk
    static let attempts = 8

    /// The branch head a tool decides against.
    struct Head {
        let snapshot: QueueSnapshot
        var state: QueueState { snapshot.state }
        var config: Config { snapshot.config }
        func bytes(_ path: String) throws -> [UInt8]? { try snapshot.fileBytes(path) }
    }

    /// What a tool writes: whole files by path, and the commit message's first line.
    struct Writes {
        var files: [String: [UInt8]]
        var message: String
    }

    struct Done {
        var commit: String
        var files: [String]
        /// Set when the commit was made but the work tree could not be brought along.
        var note: String?
    }

    func commit(_ decide: (Head) throws -> Writes) throws -> Done {
        for _ in 0..<Self.attempts {
            let snapshot = try desk.snapshot()
            let writes = try decide(Head(snapshot: snapshot))
            if let done = try attempt(writes, on: snapshot) { return done }
        }
        throw AgentRefusal("the branch kept moving; nothing was written, call again")
    }

    /// The author of the agent's commits: its name and first identity, or an address made from the bot's.
    static func signature(_ agent: Agent, config: Config, time: Date) -> Signature {
        Signature(name: agent.name, email: agent.identities.first ?? defaultEmail(agent.number, botEmail: config.botEmail), time: time)
    }

    /// `chase-bot+agent-02@users.noreply.github.com` for agent 2 of a bot `chase-bot@users.noreply.github.com`.
    static func defaultEmail(_ agent: Int, botEmail: String) -> String {
        let parts = botEmail.split(separator: "@", maxSplits: 1)
        let handle = "agent-\(ChangePolicy.two(agent))"
        guard parts.count == 2 else { return "\(handle)@chase.invalid" }
        return "\(parts[0])+\(handle)@\(parts[1])"
    }

    /// Nil when the branch moved before the compare-and-swap.
    private func attempt(_ writes: Writes, on snapshot: QueueSnapshot) throws -> Done? {
        let repo = snapshot.repo
        guard let agent = snapshot.config.agent(desk.agent) else { throw AgentRefusal("agent \(desk.agent) is not in the config") }
        let time = desk.clock()
        let signature = Self.signature(agent, config: snapshot.config, time: time)
        let policy = ChangePolicy(config: snapshot.config)
        // Judged as the agent the server serves, never by the email it commits with.
        let author = ChangePolicy.Author(.agent(desk.agent), commit: "")
        var problems: [String] = []
        let paths = writes.files.keys.sorted()
        for path in paths {
            let new = writes.files[path]!
            guard path.hasPrefix(RepoPath.queue) || path.hasPrefix(RepoPath.reviews) || RepoPath.isSafeOutput(path) else {
                throw AgentRefusal("\(path) is outside queue/, reviews/ and outputs/")
            }
            let old = try snapshot.fileBytes(path)
            problems += policy.problems(path: path, old: old, new: new, by: author) { snapshot.state.tasks[$0]?.assignee }
                .map(\.description)
            if path.hasPrefix(RepoPath.outputs), old != new,
               let problem = policy.outputProblem(path: path, of: snapshot.state.task(withOutput: path), by: author) {
                problems.append(problem.description)
            }
            if path.hasPrefix(RepoPath.queue) || path.hasPrefix(RepoPath.reviews),
               case .invalid(let found) = QueueFileParser.parse(path: path, kind: .file, bytes: new) {
                problems += found.all.map(\.description)
            }
        }
        if !problems.isEmpty { throw AgentRefusal("refused, nothing was written: " + problems.joined(separator: "; ")) }

        return try ChaseError.reportingGit {
            let branchRef = "refs/heads/\(snapshot.branch)"
            let base = snapshot.tree
            let tree = try repo.buildTree(base: base, changes: writes.files.mapValues(TreeChange.write))
            if tree == base { return Done(commit: snapshot.head, files: [], note: "nothing changed") }
            let checkedOut = !repo.isBare && (try? repo.headBranch()) == snapshot.branch
            if checkedOut, let workdir = repo.workdir {
                // Never over an edit in progress: the agent's own uncommitted change to a file the tool
                // writes. The file is compared with the head itself, not the index, which another
                // server may be updating for its own files at this moment.
                let dirty = try paths.filter { path in
                    let onDisk = FileManager.default.contents(atPath: URL(fileURLWithPath: workdir).appendingPathComponent(path).path)
                    let committed = try repo.blob(at: path, in: base)?.bytes
                    return onDisk.map(Array.init) != committed
                }
                if !dirty.isEmpty {
                    throw AgentRefusal("uncommitted changes to \(dirty.joined(separator: ", ")) in the work tree; "
                        + "commit or discard them and call again (nothing was written)")
                }
            }
            let message = writes.message + "\n"
            let commit = try repo.createCommit(tree: tree, parents: [snapshot.headOid], author: signature, committer: signature,
                                               message: message)
            do {
                try repo.updateReference(branchRef, to: commit, expected: snapshot.headOid, message: "chase mcp: \(writes.message)")
            } catch let error as GitError where error.isConflict {
                return nil
            }
            var note: String?
            if checkedOut {
                note = Self.bringWorkTree(repo, paths, to: tree, from: base)
            }
            return Done(commit: commit.hex, files: paths, note: note)
        }
    }

    /// Checks out the written paths; another process may hold the index for a moment.
    private static func bringWorkTree(_ repo: Repository, _ paths: [String], to tree: Oid, from base: Oid) -> String? {
        var last = ""
        for attempt in 0..<50 {
            do {
                try repo.checkoutPaths(paths, to: tree, baseline: base)
                return nil
            } catch let error as GitError {
                last = error.message
                if attempt < 49 { Thread.sleep(forTimeInterval: 0.02) }
            } catch {
                return "\(error)"
            }
        }
        return "committed, but the work tree was not updated (\(last)); run `git checkout -- \(paths.joined(separator: " "))`"
    }
}
