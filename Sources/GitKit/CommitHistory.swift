import CLibGit2

extension Repository {
    /// Walks `head`, its first parent, that commit's first parent, ... (newest first)
    /// and stops before the first commit for which `stopAt` is true, at the root, or
    /// after `limit` commits. Second parents of merges are never visited.
    ///
    /// Parents are looked up one by one rather than with a `git_revwalk`, so the walk
    /// reads no more than it returns, and a parent missing from the object database
    /// (the edge of a shallow clone) surfaces as an `isNotFound` error instead of
    /// being silently treated as a root.
    public func firstParentHistory(from head: Oid, stopAt: (CommitInfo) -> Bool,
                                   limit: Int? = nil) throws -> [CommitInfo] {
        var history: [CommitInfo] = []
        var next: Oid? = head
        while let oid = next {
            if let limit, history.count >= limit { break }
            let info = try commit(oid)
            if stopAt(info) { break }
            history.append(info)
            next = info.parents.first
        }
        return history
    }

    /// True when `ancestor` is reachable from `descendant` through any parents,
    /// or the two are the same commit.
    public func isAncestor(_ ancestor: Oid, of descendant: Oid) throws -> Bool {
        if ancestor == descendant { return true }
        var a = ancestor.raw
        var d = descendant.raw
        // git_graph_descendant_of answers 1/0 and is negative on error.
        let answer = try check(git_graph_descendant_of(pointer, &d, &a),
                               "is \(ancestor) an ancestor of \(descendant)")
        return answer == 1
    }
}
