import CLibGit2

/// How a path changed between two trees.
public enum DiffStatus: String, Sendable {
    case added, deleted, modified, renamed, typeChanged
}

/// One changed path of a tree-to-tree diff. Sides that do not exist (the old side of
/// an addition, the new side of a deletion) are nil.
public struct DiffEntry: Sendable, Equatable {
    public let status: DiffStatus
    public let oldPath: String?
    public let newPath: String?
    public let oldOid: Oid?
    public let newOid: Oid?
    public let newMode: UInt32?
    public let oldMode: UInt32?

    public init(status: DiffStatus, oldPath: String?, newPath: String?, oldOid: Oid?, newOid: Oid?,
                newMode: UInt32?, oldMode: UInt32?) {
        self.status = status
        self.oldPath = oldPath
        self.newPath = newPath
        self.oldOid = oldOid
        self.newOid = newOid
        self.newMode = newMode
        self.oldMode = oldMode
    }

    /// The path this entry is sorted and reported by: the new path, or the old one for a deletion.
    public var path: String { newPath ?? oldPath ?? "" }
}

extension Repository {
    /// The changes from `oldTree` to `newTree` (nil = the empty tree) below the folders
    /// in `prefixes` ("queue/" matches "queue/a" but never "queue2/a"), ordered by path.
    /// With `findRenames`, a delete + add of similar content is one `.renamed` entry,
    /// whatever the repository's `diff.renames` setting.
    ///
    /// Identical subtrees are never read: both trees are walked in step over their raw bytes,
    /// skipping equal ids (`TreeReader`). Only when the changes could hold a rename does libgit2's
    /// own diff run, over just the differing paths.
    public func treeDiff(from oldTree: Oid?, to newTree: Oid?, under prefixes: [String],
                         findRenames: Bool = true) throws -> [DiffEntry] {
        try TreeReader(self).diff(from: oldTree, to: newTree, under: prefixes, findRenames: findRenames)
    }

    /// libgit2's own diff of two trees, over the literal `paths` only (nil: the whole trees), with
    /// renames found by `git_diff_find_similar` when asked. `treeDiff` hands it exactly the paths
    /// that changed when they could hold a rename; tests use it as the reference.
    func libgit2Diff(from oldTree: Oid?, to newTree: Oid?, paths: [String]?, findRenames: Bool) throws -> [DiffEntry] {
        // An empty path list would mean "everything" to libgit2.
        if let paths, paths.isEmpty { return [] }

        var oldObject: OpaquePointer?
        var newObject: OpaquePointer?
        defer {
            git_tree_free(oldObject)
            git_tree_free(newObject)
        }
        if let oldTree { oldObject = try lookupTree(oldTree) }
        if let newTree { newObject = try lookupTree(newTree) }

        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "diff options")
        options.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue | GIT_DIFF_INCLUDE_TYPECHANGE.rawValue

        var diff: OpaquePointer?
        defer { git_diff_free(diff) }
        try withStrarray(paths ?? []) { pathspec in
            if paths != nil { options.pathspec = pathspec }
            try check(git_diff_tree_to_tree(&diff, pointer, oldObject, newObject, &options),
                      "diff \(oldTree?.hex ?? "empty tree") to \(newTree?.hex ?? "empty tree")")
        }

        if findRenames {
            var find = git_diff_find_options()
            try check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), "rename options")
            // Explicit flags, so the repository's diff.renames config has no say.
            find.flags = GIT_DIFF_FIND_RENAMES.rawValue
            try check(git_diff_find_similar(diff, &find), "find renames")
        }

        var entries: [DiffEntry] = []
        let count = git_diff_num_deltas(diff)
        entries.reserveCapacity(count)
        for index in 0..<count {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let status: DiffStatus
            switch delta.status {
            case GIT_DELTA_ADDED: status = .added
            case GIT_DELTA_DELETED: status = .deleted
            case GIT_DELTA_MODIFIED: status = .modified
            case GIT_DELTA_RENAMED: status = .renamed
            case GIT_DELTA_TYPECHANGE: status = .typeChanged
            default: continue
            }
            let hasOld = status != .added
            let hasNew = status != .deleted
            entries.append(DiffEntry(
                status: status,
                oldPath: hasOld ? delta.old_file.path.map { String(cString: $0) } : nil,
                newPath: hasNew ? delta.new_file.path.map { String(cString: $0) } : nil,
                oldOid: hasOld ? Oid(delta.old_file.id) : nil,
                newOid: hasNew ? Oid(delta.new_file.id) : nil,
                newMode: hasNew ? UInt32(delta.new_file.mode) : nil,
                oldMode: hasOld ? UInt32(delta.old_file.mode) : nil
            ))
        }
        // Byte order, like git's own path order.
        entries.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return entries
    }
}
