import ChaseCore
import GitKit

/// `chase validate`: every problem in the queue at one commit: files that do not parse or validate,
/// unknown dependencies and cycles.
public enum Validation {
    public static func problems(repoPath: String, revision: String?) throws -> [FileProblem] {
        do {
            let repo = try Repository.open(at: repoPath)
            let ref: String
            if let revision { ref = revision.hasPrefix("refs/") ? revision : "refs/heads/\(revision)" }
            else if let branch = try repo.headBranch() { ref = "refs/heads/\(branch)" }
            else { ref = "HEAD" }
            guard let oid = try Oid(hex: revision ?? "") ?? repo.referenceTarget(ref) else {
                throw TickError.emptyBranch(revision ?? ref)
            }
            let commit = try repo.commit(oid)
            let loaded = try StateLoader(repo: repo, cache: ParseCache()).load(tree: commit.tree)
            let fileProblems = loaded.state.invalid.keys.sorted().flatMap { loaded.state.invalid[$0]!.all }
            return fileProblems + Dependencies.problems(in: loaded.state)
        } catch let error as GitError {
            throw TickError.git(error)
        }
    }
}
