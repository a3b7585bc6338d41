import ChaseCore
import Foundation
import GitKit

/// The queue at a branch head, for the commands that only read: its state, its config and the
/// commit it comes from.
public struct QueueSnapshot {
    public var branch: String
    public var head: String
    public var headTime: Date
    public var state: QueueState
    public var config: Config
    let repo: Repository
    let headOid: Oid
    let tree: Oid

    public static func load(repoPath: String, branch: String? = nil, fallback: Config = .default) throws -> QueueSnapshot {
        try ChaseError.reportingGit {
            let repo = try Repository.open(at: repoPath)
            guard let branch = try branch ?? repo.headBranch() else { throw ChaseError.noBranch }
            guard let head = try repo.referenceTarget("refs/heads/\(branch)") else { throw ChaseError.emptyBranch(branch) }
            let commit = try repo.commit(head)
            let config = try ConfigLoader.load(repo: repo, tree: commit.tree, fallback: fallback)
            let state = try StateLoader(repo: repo, cache: ParseCache(persistentIn: repo)).load(tree: commit.tree).state
            return QueueSnapshot(branch: branch, head: head.hex, headTime: commit.author.time, state: state, config: config,
                                 repo: repo, headOid: head, tree: commit.tree)
        }
    }

    /// A file's bytes at the head, or nil when it is not there.
    func fileBytes(_ path: String) throws -> [UInt8]? {
        try ChaseError.reportingGit { try repo.blob(at: path, in: tree)?.bytes }
    }

    /// The branch head's id, read cheaply (one ref lookup), for watching it move.
    public static func headID(repoPath: String, branch: String) throws -> String? {
        try ChaseError.reportingGit { try Repository.open(at: repoPath).referenceTarget("refs/heads/\(branch)")?.hex }
    }
}
