import GitKit

/// Why a tick stopped without writing anything.
public enum TickError: Error, CustomStringConvertible {
    case noBranch
    case emptyBranch(String)
    case dirtyWorkTree([String])
    case branchMoved(String)
    case git(GitError)
    /// `.chase/config.yml` cannot be used; the message names the key and line.
    case invalidConfig(String)
    /// A revision given on the command line names no commit.
    case unknownRevision(String)
    /// Commits that must be read are missing (a shallow clone).
    case incompleteHistory(String)

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
        case .git(let e) where e.code == -36 || e.message.contains("not owned by current user")
            || e.message.contains("'safe.directory'"):
            // libgit2 1.5 refuses a repository another user owns (and then reports the missing
            // safe.directory setting); it matches safe.directory by exact path only, no '*'.
            // Never switch the check off silently: say what to do.
            return "\(e.operation): the repository belongs to another user, so libgit2 refuses it; if you trust it, "
                + "run: git config --global --add safe.directory <its exact path>"
        case .invalidConfig(let message):
            return "\(message) (nothing was changed)"
        case .unknownRevision(let name):
            return "'\(name)' is not a branch, tag, remote branch or full commit id of this repository"
        case .incompleteHistory(let message):
            return message
        case .git(let e):
            return e.description
        }
    }
}
