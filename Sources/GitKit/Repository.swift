import CLibGit2

/// An open git repository (bare or with a work tree): the entry point to every
/// read and write GitKit offers. Not meant to be shared across threads.
public final class Repository {
    /// The owned `git_repository *`, freed once in `deinit`.
    let pointer: OpaquePointer

    private init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_repository_free(pointer)
    }

    /// Opens the repository at exactly `path`: a bare repository folder, a `.git`
    /// folder, or a work tree root. Never searches parent folders, so a typo cannot
    /// silently open an enclosing repository.
    public static func open(at path: String) throws -> Repository {
        Library.ensureInitialized()
        var out: OpaquePointer?
        try check(git_repository_open_ext(&out, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil),
                  "open repository '\(path)'")
        return Repository(pointer: out!)
    }

    /// Creates a new repository at `path` (making folders as needed) whose HEAD
    /// points at the unborn branch `initialBranch`.
    public static func initialize(at path: String, bare: Bool, initialBranch: String = "main") throws -> Repository {
        Library.ensureInitialized()
        var options = git_repository_init_options()
        try check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
                  "init options")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue
        if bare {
            options.flags |= GIT_REPOSITORY_INIT_BARE.rawValue
        }
        var out: OpaquePointer?
        try initialBranch.withCString { head in
            options.initial_head = head
            try check(git_repository_init_ext(&out, path, &options), "initialize repository '\(path)'")
        }
        return Repository(pointer: out!)
    }

    /// True for a repository without a work tree.
    public var isBare: Bool {
        git_repository_is_bare(pointer) == 1
    }

    /// The work tree root without a trailing slash; nil for a bare repository.
    public var workdir: String? {
        guard let path = git_repository_workdir(pointer) else { return nil }
        return Repository.trimmingTrailingSlash(String(cString: path))
    }

    /// The repository folder (the bare folder or the `.git` folder), without a trailing slash.
    public var gitDir: String {
        Repository.trimmingTrailingSlash(String(cString: git_repository_path(pointer)))
    }

    /// True when the repository is a shallow clone (history is cut at some commits).
    public var isShallow: Bool {
        git_repository_is_shallow(pointer) == 1
    }

    /// True when the object database holds `oid` (of any type).
    public func objectExists(_ oid: Oid) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, pointer) == 0, let odb else { return false }
        defer { git_odb_free(odb) }
        var raw = oid.raw
        return git_odb_exists(odb, &raw) == 1
    }

    // MARK: - Lookups shared by the other files; the caller frees what it gets.

    /// Looks up a tree; the caller must `git_tree_free` the result.
    func lookupTree(_ oid: Oid) throws -> OpaquePointer {
        var raw = oid.raw
        var out: OpaquePointer?
        try check(git_tree_lookup(&out, pointer, &raw), "look up tree \(oid)")
        return out!
    }

    /// Looks up a commit; the caller must `git_commit_free` the result.
    func lookupCommit(_ oid: Oid) throws -> OpaquePointer {
        var raw = oid.raw
        var out: OpaquePointer?
        try check(git_commit_lookup(&out, pointer, &raw), "look up commit \(oid)")
        return out!
    }

    private static func trimmingTrailingSlash(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") {
            path.removeLast()
        }
        return path
    }
}
