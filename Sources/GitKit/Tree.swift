import CLibGit2

/// One non-folder entry of a tree listing: a file, a symbolic link or a submodule,
/// named by its full path from the tree root.
public struct TreeEntry: Sendable, Equatable {
    /// Full "/"-separated path from the root of the listed tree.
    public let path: String
    public let oid: Oid
    /// 0o100644 file, 0o100755 executable, 0o120000 link, 0o160000 submodule.
    public let mode: UInt32

    public init(path: String, oid: Oid, mode: UInt32) {
        self.path = path
        self.oid = oid
        self.mode = mode
    }

    /// A regular or executable file.
    public var isBlob: Bool { mode == 0o100644 || mode == 0o100755 }
    /// A symbolic link (its blob holds the link target).
    public var isSymlink: Bool { mode == 0o120000 }
    /// A submodule (a gitlink; its id is a commit in another repository).
    public var isSubmodule: Bool { mode == 0o160000 }
}

extension Repository {
    /// Lists every file, link and submodule below the folder `prefix` ("queue" or
    /// "queue/"; "" for the whole tree), recursively, with full paths. Only the folder's
    /// own subtree is read; an absent folder gives an empty list.
    public func treeEntries(_ tree: Oid, under prefix: String) throws -> [TreeEntry] {
        try TreeReader(self).entries(of: tree, under: prefix)
    }

    /// `treeEntries` through libgit2's `git_tree_walk`, the reference the raw listing is tested against.
    func treeEntriesThroughLibgit2(_ tree: Oid, under prefix: String) throws -> [TreeEntry] {
        let folder = Repository.folderPath(prefix)
        let root: Oid
        if folder.isEmpty {
            root = tree
        } else {
            guard let entry = try entry(at: folder, in: tree), entry.mode == GIT_FILEMODE_TREE.rawValue else {
                return []
            }
            root = entry.oid
        }
        let subtree = try lookupTree(root)
        defer { git_tree_free(subtree) }

        final class Listing {
            let base: String
            var entries: [TreeEntry] = []
            init(base: String) { self.base = base }
        }
        let listing = Listing(base: folder.isEmpty ? "" : folder + "/")
        // A C callback cannot capture Swift state; the listing travels as the payload.
        let code = withExtendedLifetime(listing) {
            git_tree_walk(subtree, GIT_TREEWALK_PRE, { root, entry, payload in
                guard let entry, let payload else { return -1 }
                let mode = git_tree_entry_filemode(entry).rawValue
                if mode == GIT_FILEMODE_TREE.rawValue { return 0 }  // descend
                let listing = Unmanaged<Listing>.fromOpaque(payload).takeUnretainedValue()
                let dir = root.map { String(cString: $0) } ?? ""
                let name = String(cString: git_tree_entry_name(entry))
                listing.entries.append(TreeEntry(path: listing.base + dir + name,
                                                 oid: Oid(git_tree_entry_id(entry)), mode: mode))
                return 0
            }, Unmanaged.passUnretained(listing).toOpaque())
        }
        try check(code, "walk tree \(root) under '\(folder)'")
        return listing.entries
    }

    /// The blob at `path` in `tree` and its content; nil when nothing (or a folder) is there.
    public func blob(at path: String, in tree: Oid) throws -> (oid: Oid, bytes: [UInt8])? {
        guard let entry = try entry(at: path, in: tree), entry.mode != GIT_FILEMODE_TREE.rawValue,
              entry.mode != GIT_FILEMODE_COMMIT.rawValue else { return nil }
        return (entry.oid, try blob(entry.oid))
    }

    /// The file mode of whatever is at `path` in `tree` (0o040000 for a folder), or nil when absent.
    public func mode(at path: String, in tree: Oid) throws -> UInt32? {
        try entry(at: path, in: tree)?.mode
    }

    /// The id of the file at `path` in `tree` (not a folder or a submodule), or nil when absent;
    /// its content is not read.
    public func blobID(at path: String, in tree: Oid) throws -> Oid? {
        guard let entry = try entry(at: path, in: tree), entry.mode != GIT_FILEMODE_TREE.rawValue,
              entry.mode != GIT_FILEMODE_COMMIT.rawValue else { return nil }
        return entry.oid
    }

    /// The id and mode of whatever is at `path` in `tree`, or nil when absent.
    func entry(at path: String, in tree: Oid) throws -> (oid: Oid, mode: UInt32)? {
        let folder = Repository.folderPath(path)
        guard !folder.isEmpty else { return (tree, GIT_FILEMODE_TREE.rawValue) }
        let treeObject = try lookupTree(tree)
        defer { git_tree_free(treeObject) }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, treeObject, folder)
        if failed(code, with: .notFound) { return nil }
        try check(code, "look up '\(folder)' in tree \(tree)")
        defer { git_tree_entry_free(entry) }
        return (Oid(git_tree_entry_id(entry)), git_tree_entry_filemode(entry).rawValue)
    }

    /// "queue/" and "/queue" → "queue": the path form libgit2's bypath lookups expect.
    static func folderPath(_ prefix: String) -> String {
        prefix.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }
}
