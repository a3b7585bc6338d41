import CLibGit2

extension Repository {
    /// After a branch moved from `baseline` to `tree`, brings exactly `paths` in the work
    /// tree and index up to `tree`. Safe mode against `baseline`: a path whose work tree
    /// copy differs from `baseline` (the user's edit) is never overwritten; the whole
    /// checkout is refused with an `isCheckoutConflict` error and nothing is written.
    public func checkoutPaths(_ paths: [String], to tree: Oid, baseline: Oid) throws {
        // libgit2 reads an empty path list as "every path".
        if paths.isEmpty { return }
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
}
