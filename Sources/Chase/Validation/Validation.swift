import ChaseCore
import GitKit

/// What `chase validate` found: the commit it checked, the commits whose authors it checked
/// (with `--base`), and every problem.
public struct ValidationReport: Sendable, Codable {
    public var commit: String
    public var base: String?
    /// The commits from the base to the commit checked, first parent only.
    public var commitsChecked: Int
    public var problems: [FileProblem]
}

/// `chase validate`, the pull-request check: every problem of the queue at one commit (a config
/// that cannot be used, files that do not parse or validate, `output` paths outside `outputs/`,
/// duplicate ids, unknown dependencies, cycles) and, given a base, the changes since it that their
/// authors may not make, judged as the actor GitHub or the agents workflow vouches for.
public enum Validation {
    /// `actor` is who the changes since `base` are judged as (see `ChangeActor`); `fallback` is the config
    /// where a commit has no `.chase/config.yml` (tests give one with identities). Any error is
    /// `ChaseError.checkCannotRun`: the check did not run, which is not "problems found".
    public static func run(repoPath: String, revision: String?, base: String?, actor: ChangeActor = .commitAuthors,
                           fallback: Config = .default) throws -> ValidationReport {
        do {
            let repo = try Repository.open(at: repoPath)
            let head: Oid
            if let revision {
                guard let oid = try RevisionName.resolve(revision, in: repo) else { throw ChaseError.unknownRevision(revision) }
                head = oid
            } else {
                let ref = try repo.headBranch().map { "refs/heads/\($0)" } ?? "HEAD"
                guard let oid = try repo.referenceTarget(ref) else { throw ChaseError.emptyBranch(ref) }
                head = oid
            }
            let commit = try repo.commit(head)
            let state = try StateLoader(repo: repo, cache: ParseCache()).load(tree: commit.tree).state
            // A broken config stops every tick: the pull request that breaks it is the place to say so.
            var problems = try ConfigLoader.problem(repo: repo, tree: commit.tree, fallback: fallback).map { [$0] } ?? []
            problems += state.invalid.keys.sorted().flatMap { state.invalid[$0]!.all }
            problems += DuplicateIDs.problems(in: state) + Dependencies.problems(in: state)
            var report = ValidationReport(commit: head.hex, base: nil, commitsChecked: 0, problems: problems)
            if let base {
                guard let baseOid = try RevisionName.resolve(base, in: repo) else { throw ChaseError.unknownRevision(base) }
                let audit = try ChangeAudit(repo: repo, fallback: fallback, actor: actor).run(base: baseOid, head: head)
                report.base = baseOid.hex
                report.commitsChecked = audit.commits
                report.problems += audit.problems
            }
            return report
        } catch let error as GitError {
            throw ChaseError.checkCannotRun(.git(error))
        } catch let error as ChaseError {
            throw ChaseError.checkCannotRun(error)
        }
    }
}

/// Turns what a person types for a commit into one: a full commit id, `HEAD`, a full reference
/// name, or a branch, remote branch or tag name (in that order).
enum RevisionName {
    static func resolve(_ name: String, in repo: Repository) throws -> Oid? {
        if name.count == 40, let oid = Oid(hex: name) { return repo.objectExists(oid) ? oid : nil }
        let candidates = name == "HEAD" || name.hasPrefix("refs/") ? [name]
            : ["refs/heads/\(name)", "refs/remotes/\(name)", "refs/tags/\(name)"]
        for ref in candidates {
            // Only a commit will do: an annotated tag's object is not one.
            if let oid = try repo.referenceTarget(ref) { return (try? repo.commit(oid)) != nil ? oid : nil }
        }
        return nil
    }
}
