import CLibGit2

/// One file a patch changes.
public struct PatchFile: Sendable, Equatable {
    public enum Change: Sendable, Equatable { case added, deleted, modified, renamed, other }
    public var change: Change
    /// The path before (nil for an added file) and after (nil for a deleted one).
    public var oldPath: String?
    public var newPath: String?
    /// The file's mode after the change (0 for a deleted file): 0o100644, 0o100755, a link, …
    public var newMode: UInt32

    /// Both paths, as far as they exist.
    public var paths: [String] { [oldPath, newPath].compactMap { $0 }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } } }
}

/// A patch in git's format (`git diff --binary` output), parsed by libgit2; applied to a tree with
/// `Repository.apply(_:to:)`, without a work tree or an index on disk. Paths that could leave the
/// repository or reach `.git` (`..`, `.`, empty, absolute, `.git`) are refused when it is parsed.
public final class Patch {
    /// The owned `git_diff *`, freed once in `deinit`.
    let pointer: OpaquePointer
    public let files: [PatchFile]

    public init(_ bytes: [UInt8]) throws {
        Library.ensureInitialized()
        var out: OpaquePointer?
        try bytes.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { text in
                _ = try check(git_diff_from_buffer(&out, text.baseAddress, text.count), "parse patch")
            }
        }
        let diff = out!
        var files: [PatchFile] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let change: PatchFile.Change
            switch delta.status {
            case GIT_DELTA_ADDED: change = .added
            case GIT_DELTA_DELETED: change = .deleted
            case GIT_DELTA_MODIFIED: change = .modified
            case GIT_DELTA_RENAMED: change = .renamed
            default: change = .other
            }
            let old = change == .added ? nil : delta.old_file.path.map { String(cString: $0) }
            let new = change == .deleted ? nil : delta.new_file.path.map { String(cString: $0) }
            files.append(PatchFile(change: change, oldPath: old, newPath: new, newMode: UInt32(delta.new_file.mode)))
        }
        for path in files.flatMap(\.paths) where (try? Repository.validatedComponents(path)) == nil {
            git_diff_free(diff)
            throw GitError.invalid("the patch names the path '\(path)', which cannot be in a repository", "parse patch")
        }
        pointer = diff
        self.files = files
    }

    deinit {
        git_diff_free(pointer)
    }
}

extension Repository {
    /// The tree `patch` makes of `tree`, written to the object database. Throws when a change does
    /// not apply (the file is not as the patch expects), and nothing is written then.
    public func apply(_ patch: Patch, to tree: Oid) throws -> Oid {
        let base = try lookupTree(tree)
        defer { git_tree_free(base) }
        var index: OpaquePointer?
        try check(git_apply_to_tree(&index, pointer, base, patch.pointer, nil), "apply patch to tree \(tree.hex.prefix(7))")
        defer { git_index_free(index) }
        var oid = git_oid()
        try check(git_index_write_tree_to(&oid, index, pointer), "write the patched tree")
        return Oid(oid)
    }
}
