import GitKit

/// Why the engine stopped: every entry point (tick, validate, init, new, export, import, the read
/// commands, agents) throws this one error, with a reason a person can act on. Nothing was written
/// unless the reason says otherwise.
public indirect enum ChaseError: Error, CustomStringConvertible {
    case noBranch
    case emptyBranch(String)
    case dirtyWorkTree([String])
    case branchMoved(String)
    case git(GitError)
    /// `.chase/config.yml` cannot be used; the message names the key and line.
    case invalidConfig(String)
    /// A value given to a command cannot be used (options that contradict each other, an agent
    /// that does not exist, a time window that ends before it starts).
    case invalidArgument(String)
    /// `--repo` names a folder that is not the top of a git repository (commands that write into a work tree).
    case notARepository(String)
    /// A command that writes into a work tree was given a bare repository; `purpose` says what it writes.
    case bareRepository(String, purpose: String)
    /// A revision given on the command line names no commit.
    case unknownRevision(String)
    /// Commits that must be read are missing (a shallow clone).
    case incompleteHistory(String)
    /// `--push`: uncommitted changes to files the fetched commits change.
    case dirtyForFetch([String])
    /// `--push`: the remote has no such branch.
    case remoteBranchMissing(branch: String, remote: String)
    /// `--push`: the local branch has commits the remote lacks that are not the bot's.
    case unpushedCommits(branch: String, remote: String, count: Int)
    /// `--push`: the remote refused the push, and not because someone pushed meanwhile.
    case pushRefused(PushRejection)
    /// `--push`: someone pushed before each of the bot's attempts.
    case pushRaceLost(branch: String, remote: String, attempts: Int)
    /// `chase init` wrote nothing: no work tree, or something in the way of a file it writes.
    case setupRefused(String)
    /// `chase new task` wrote nothing: a bad prefix or dependency, or no free id.
    case taskRefused(String)
    /// `chase import` wrote nothing: the database is not in the queue's schema, a row is invalid,
    /// or a file it would replace has other content.
    case importRefused(String)
    /// `chase export` wrote nothing: the database file exists.
    case exportRefused(String)
    /// SQLite's own message, for a database that cannot be opened, read or written.
    case sqlite(String)
    /// `chase agents run`: the agent has no command, or the command cannot be started.
    case agentCannotRun(String)
    /// `chase agents land`: the agents' patches cannot be read, or none of their changes could be pushed.
    case landingFailed(String)
    /// A file a command writes for its caller (a step output) cannot be written.
    case outputFailed(String)
    /// `chase validate` could not check at all (not a repository, an unknown revision, an
    /// incomplete history): not the same as finding problems.
    case checkCannotRun(ChaseError)

    public var description: String {
        switch self {
        case .noBranch:
            return "HEAD is detached and no --branch was given; name the branch to tick with --branch"
        case .emptyBranch(let b):
            return "branch '\(b)' does not exist or has no commits"
        case .dirtyWorkTree(let paths):
            return "uncommitted changes to \(paths.joined(separator: ", ")), which the bot must write; commit or stash them and run again (nothing was changed)"
        case .branchMoved(let b):
            return "'\(b)' moved while the tick ran; nothing was written, run the tick again"
        case .git(let e) where e.code == .owner || e.message.contains("not owned by current user")
            || e.message.contains("'safe.directory'"):
            // libgit2 1.5 refuses a repository another user owns (and then reports the missing
            // safe.directory setting); it matches safe.directory by exact path only, no '*'.
            // Never switch the check off silently: say what to do.
            return "\(e.operation): the repository belongs to another user, so libgit2 refuses it; if you trust it, "
                + "run: git config --global --add safe.directory <its exact path>"
        case .git(let e):
            return e.description
        case .invalidConfig(let message):
            return "\(message) (nothing was changed)"
        case .notARepository(let path):
            return "\(path) is not a git repository (its top folder); run git init there first, or pass --repo"
        case .bareRepository(let path, let purpose):
            return "\(path) is a bare repository; \(purpose)"
        case .unknownRevision(let name):
            return "'\(name)' is not a branch, tag, remote branch or full commit id of this repository"
        case .dirtyForFetch(let paths):
            return "uncommitted changes to \(paths.joined(separator: ", ")), which the fetched commits change; commit or stash them and run again (nothing was changed)"
        case .remoteBranchMissing(let branch, let remote):
            return "\(remote) has no branch '\(branch)'; push it there first (nothing was changed)"
        case .unpushedCommits(let branch, let remote, let count):
            return "'\(branch)' has \(count == 1 ? "a commit" : "\(count) commits") that \(remote) does not have; push \(count == 1 ? "it" : "them") or tick without --push (nothing was changed)"
        case .pushRefused(let rejection):
            return "\(rejection); the tick's commit was not kept and \(rejection.remote) is as it was"
        case .pushRaceLost(let branch, let remote, let attempts):
            return "\(remote)/\(branch) moved before each of \(attempts) pushes (someone pushed meanwhile); their commits are kept, this tick's were not pushed: run it again"
        case .sqlite(let message):
            return "sqlite: \(message)"
        case .invalidArgument(let message), .incompleteHistory(let message), .setupRefused(let message),
             .taskRefused(let message), .importRefused(let message), .exportRefused(let message), .agentCannotRun(let message),
             .landingFailed(let message), .outputFailed(let message):
            return message
        case .checkCannotRun(let cause):
            return cause.description
        }
    }
}

extension ChaseError {
    /// Runs `body`, reporting a libgit2 failure as `ChaseError.git`, as every entry point of the
    /// engine does.
    static func reportingGit<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as GitError {
            throw ChaseError.git(error)
        }
    }
}
