import GitKit

/// The work tree of a repository, for the commands that write files for a person to commit
/// (`init`, `new task`, `import`) or run a program among the files (`agents run`), not commits.
enum WorkTree {
    /// Opens the repository at `repoPath` (its top folder) with its work tree. No repository there,
    /// or a bare one, is refused; `purpose` says what the command does in a work tree.
    static func open(_ repoPath: String, for purpose: String) throws -> (repo: Repository, root: String) {
        let repo: Repository
        do {
            repo = try Repository.open(at: repoPath)
        } catch let error as GitError where error.isNotFound {
            throw ChaseError.notARepository(repoPath)
        } catch let error as GitError {
            throw ChaseError.git(error)
        }
        guard let root = repo.workdir else { throw ChaseError.bareRepository(repoPath, purpose: purpose) }
        return (repo, root)
    }
}
