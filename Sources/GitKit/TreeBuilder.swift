import CLibGit2

/// One edit for `Repository.buildTree`: write a regular (0o100644) file, or delete
/// whatever is at the path.
public enum TreeChange: Sendable, Equatable {
    case write([UInt8])
    case delete
}

extension Repository {
    /// Builds a new tree from `base` (nil = empty) with `changes` applied, entirely in
    /// the object database: no index, no work tree. Only folders on the changed paths
    /// are rewritten, so untouched subtrees keep their ids; missing folders are created
    /// and folders left empty are removed. Returns the new root tree id.
    ///
    /// Paths must be relative, "/"-separated, without empty, ".", ".." or ".git"
    /// components and without NUL; otherwise an `isInvalid` error is thrown and nothing
    /// is written. Writing over a folder, or below a file, is also rejected.
    public func buildTree(base: Oid?, changes: [String: TreeChange]) throws -> Oid {
        let plan = Folder()
        for (path, change) in changes {
            let components = try Repository.validatedComponents(path)
            try plan.add(components[...], change, fullPath: path)
        }
        return try write(plan, base: base, at: "") ?? emptyTree()
    }

    /// The changes below one folder, grouped so each folder's builder is opened once.
    private final class Folder {
        var files: [String: TreeChange] = [:]
        var folders: [String: Folder] = [:]

        func add(_ components: ArraySlice<String>, _ change: TreeChange, fullPath: String) throws {
            let name = components.first!
            if components.count == 1 {
                if case .write = change, folders[name] != nil {
                    throw GitError.invalid("'\(fullPath)' is written as a file and also used as a folder", "build tree")
                }
                files[name] = change
                return
            }
            if case .some(.write) = files[name] {
                throw GitError.invalid("'\(fullPath)' is below a path that is written as a file", "build tree")
            }
            let child = folders[name] ?? Folder()
            folders[name] = child
            try child.add(components.dropFirst(), change, fullPath: fullPath)
        }
    }

    /// Writes the folder at `path` and returns its new id, or nil when it ends up empty.
    private func write(_ folder: Folder, base: Oid?, at path: String) throws -> Oid? {
        var baseTree: OpaquePointer?
        if let base { baseTree = try lookupTree(base) }
        defer { git_tree_free(baseTree) }

        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, pointer, baseTree), "tree builder for '\(path)'")
        defer { git_treebuilder_free(builder) }

        func existing(_ name: String) -> (oid: Oid, mode: UInt32)? {
            guard let entry = git_treebuilder_get(builder, name) else { return nil }
            return (Oid(git_tree_entry_id(entry)), git_tree_entry_filemode(entry).rawValue)
        }
        func remove(_ name: String) throws {
            guard existing(name) != nil else { return }  // deleting what is absent is a no-op
            try check(git_treebuilder_remove(builder, name), "remove '\(path + name)'")
        }

        // Deletions first, so "delete a" + "write a/b" turns a file into a folder.
        for (name, change) in folder.files.sorted(by: { $0.key < $1.key }) where change == .delete {
            try remove(name)
        }
        for (name, change) in folder.files.sorted(by: { $0.key < $1.key }) {
            guard case .write(let bytes) = change else { continue }
            if let current = existing(name), current.mode == GIT_FILEMODE_TREE.rawValue {
                throw GitError.invalid("'\(path + name)' is a folder; delete it before writing a file there",
                                       "build tree")
            }
            var blob = try writeBlob(bytes).raw
            try check(git_treebuilder_insert(nil, builder, name, &blob, GIT_FILEMODE_BLOB),
                      "insert '\(path + name)'")
        }
        for (name, child) in folder.folders.sorted(by: { $0.key < $1.key }) {
            var childBase: Oid?
            if let current = existing(name) {
                guard current.mode == GIT_FILEMODE_TREE.rawValue else {
                    throw GitError.invalid("'\(path + name)' is a file, not a folder", "build tree")
                }
                childBase = current.oid
            }
            if let written = try write(child, base: childBase, at: path + name + "/") {
                var raw = written.raw
                try check(git_treebuilder_insert(nil, builder, name, &raw, GIT_FILEMODE_TREE),
                          "insert folder '\(path + name)'")
            } else {
                try remove(name)
            }
        }

        if git_treebuilder_entrycount(builder) == 0 { return nil }
        var out = git_oid()
        try check(git_treebuilder_write(&out, builder), "write tree '\(path)'")
        return Oid(out)
    }

    /// The id of the empty tree, written so that commits may refer to it.
    private func emptyTree() throws -> Oid {
        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, pointer, nil), "empty tree builder")
        defer { git_treebuilder_free(builder) }
        var out = git_oid()
        try check(git_treebuilder_write(&out, builder), "write empty tree")
        return Oid(out)
    }

    /// Splits `path` into components, rejecting anything that could escape the tree,
    /// alias another path, or reach into git's own metadata.
    static func validatedComponents(_ path: String) throws -> [String] {
        func reject(_ why: String) -> GitError {
            GitError.invalid("invalid path '\(path)': \(why)", "build tree")
        }
        if path.isEmpty { throw reject("empty") }
        if path.utf8.contains(0) { throw reject("contains NUL") }
        if path.hasPrefix("/") { throw reject("absolute") }
        let components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for component in components {
            switch component {
            case "": throw reject("empty component")
            case ".", "..": throw reject("'\(component)' component")
            default:
                // Case-insensitive file systems treat ".GIT" as ".git".
                if component.lowercased() == ".git" { throw reject("'.git' component") }
            }
        }
        return components
    }
}
