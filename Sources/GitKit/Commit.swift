import CLibGit2

/// Everything GitKit reads from a commit object, as a plain value.
public struct CommitInfo: Sendable, Equatable {
    public let oid: Oid
    public let tree: Oid
    /// Parent ids in order; the first is the first parent.
    public let parents: [Oid]
    /// The full message (leading blank lines removed, as libgit2 does).
    public let message: String
    public let author: Signature
    public let committer: Signature

    public init(oid: Oid, tree: Oid, parents: [Oid], message: String, author: Signature, committer: Signature) {
        self.oid = oid
        self.tree = tree
        self.parents = parents
        self.message = message
        self.author = author
        self.committer = committer
    }

    /// Reads a looked-up `git_commit *`; the caller keeps ownership.
    init(_ commit: OpaquePointer) {
        let count = git_commit_parentcount(commit)
        var parents: [Oid] = []
        parents.reserveCapacity(Int(count))
        for index in 0..<count {
            parents.append(Oid(git_commit_parent_id(commit, index)))
        }
        self.init(
            oid: Oid(git_commit_id(commit)),
            tree: Oid(git_commit_tree_id(commit)),
            parents: parents,
            message: git_commit_message(commit).map { String(cString: $0) } ?? "",
            author: Signature(git_commit_author(commit)),
            committer: Signature(git_commit_committer(commit))
        )
    }
}

extension Repository {
    /// Reads the commit `oid`. Throws an `isNotFound` error when it is absent.
    public func commit(_ oid: Oid) throws -> CommitInfo {
        let commit = try lookupCommit(oid)
        defer { git_commit_free(commit) }
        return CommitInfo(commit)
    }

    /// Writes a commit object and returns its id. No reference moves: publishing it
    /// is `updateReference`'s job, so the two steps can be compare-and-swapped.
    public func createCommit(tree: Oid, parents: [Oid], author: Signature, committer: Signature,
                             message: String) throws -> Oid {
        let treeObject = try lookupTree(tree)
        defer { git_tree_free(treeObject) }

        var parentObjects: [OpaquePointer?] = []
        defer { parentObjects.forEach { git_commit_free($0) } }
        for parent in parents {
            parentObjects.append(try lookupCommit(parent))
        }

        var out = git_oid()
        _ = try author.withRaw("create commit") { authorRaw in
            try committer.withRaw("create commit") { committerRaw in
                try parentObjects.withUnsafeMutableBufferPointer { buffer in
                    try check(git_commit_create(&out, pointer, nil, authorRaw, committerRaw, nil, message,
                                                treeObject, buffer.count, buffer.baseAddress),
                              "create commit on tree \(tree)")
                }
            }
        }
        return Oid(out)
    }
}
