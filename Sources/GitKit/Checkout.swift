import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Repository {
    /// After a branch moved from `baseline` to `tree`, brings exactly `paths` in the work
    /// tree and index up to `tree`. Safe mode against `baseline`: a path whose work tree
    /// copy differs from `baseline` (the user's edit) is never overwritten; the whole
    /// checkout is refused with an `isCheckoutConflict` error and nothing is written.
    /// A folder on one of the paths that is a symbolic link in the work tree (an untracked
    /// `reviews -> /elsewhere`) is refused the same way: libgit2 would write through it, outside
    /// the repository.
    public func checkoutPaths(_ paths: [String], to tree: Oid, baseline: Oid) throws {
        // libgit2 reads an empty path list as "every path".
        if paths.isEmpty { return }
        if let workdir { try refuseLinkedFolders(paths, in: workdir) }
        let target = try lookupTree(tree)
        defer { git_tree_free(target) }
        let base = try lookupTree(baseline)
        defer { git_tree_free(base) }

        var options = git_checkout_options()
        try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "checkout options")
        options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH.rawValue
        // HEAD already names the new commit, so the default baseline (HEAD) would be wrong.
        options.baseline = base
        try withStrarray(paths) { list in
            options.paths = list
            try check(git_checkout_tree(pointer, target, &options),
                      "checkout \(paths.count) path(s) to tree \(tree)")
        }
    }

    private func refuseLinkedFolders(_ paths: [String], in workdir: String) throws {
        for path in paths {
            var folder = workdir
            for component in path.split(separator: "/").dropLast() {
                folder += "/" + component
                var info = stat()
                guard lstat(folder, &info) == 0 else { break }  // absent: checkout creates a real folder
                if info.st_mode & S_IFMT == S_IFLNK {
                    throw GitError(code: .conflict, errorClass: .checkout,
                                   message: "'\(folder.dropFirst(workdir.count + 1))' is a symbolic link in the work tree; nothing is written through it",
                                   operation: "checkout \(paths.count) path(s) to tree")
                }
            }
        }
    }
}
