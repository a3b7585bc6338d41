import GitKit

/// Moves a local branch from one commit to another with compare-and-swap (a pushing tick taking
/// the fetched head, or dropping its own refused commit), and brings a work tree that has the
/// branch checked out along: exactly the paths that differ between the two commits, in safe mode.
/// When one of those paths has an uncommitted change (or an untracked file is in the way), nothing
/// moves; when the checkout fails anyway, the branch is put back.
enum BranchMove {
    static func move(repo: Repository, branch: String, from old: Oid, to new: Oid) throws {
        guard old != new else { return }
        let ref = "refs/heads/\(branch)"
        func swap(_ from: Oid, _ to: Oid) throws {
            do {
                try repo.updateReference(ref, to: to, expected: from, message: "chase: take \(to.short) from the remote")
            } catch let error as GitError where error.isConflict {
                throw ChaseError.branchMoved(branch)
            }
        }
        guard repo.isCheckedOut(branch) else { return try swap(old, new) }

        let oldTree = try repo.commit(old).tree, newTree = try repo.commit(new).tree
        let paths = Set(try repo.treeDiff(from: oldTree, to: newTree, under: [""], findRenames: false)
            .flatMap { [$0.oldPath, $0.newPath].compactMap { $0 } }).sorted()
        let dirty = try paths.filter { try repo.pathStatus($0) != 0 }
        if !dirty.isEmpty { throw ChaseError.dirtyForFetch(dirty) }
        try swap(old, new)
        do {
            try repo.checkoutPaths(paths, to: newTree, baseline: oldTree)
        } catch let error as GitError {
            try? repo.updateReference(ref, to: old, expected: new, message: "chase: put back after a refused checkout")
            throw ChaseError.git(error)
        }
    }
}
