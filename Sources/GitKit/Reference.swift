import CLibGit2

extension Repository {
    /// The short name of the branch HEAD points to symbolically ("main"), even when
    /// that branch has no commits yet; nil when HEAD is detached.
    public func headBranch() throws -> String? {
        var head: OpaquePointer?
        try check(git_reference_lookup(&head, pointer, "HEAD"), "look up HEAD")
        defer { git_reference_free(head) }
        guard git_reference_type(head) == GIT_REFERENCE_SYMBOLIC,
              let target = git_reference_symbolic_target(head) else { return nil }
        let name = String(cString: target)
        let prefix = "refs/heads/"
        return name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
    }

    /// Whether `branch` is checked out in this repository's work tree: then moving it must also
    /// bring the index and the files along. Never in a bare repository; not when HEAD is detached.
    public func isCheckedOut(_ branch: String) -> Bool {
        !isBare && (try? headBranch()) == branch
    }

    /// The commit a full reference name ("refs/heads/main", "HEAD") points to, following
    /// symbolic references; nil when the reference (or the branch it names) does not exist.
    public func referenceTarget(_ name: String) throws -> Oid? {
        var out = git_oid()
        let code = git_reference_name_to_id(&out, pointer, name)
        if failed(code, with: .notFound) { return nil }
        try check(code, "resolve reference '\(name)'")
        return Oid(out)
    }

    /// Points `name` at `new` only if it still points at `expected` (compare-and-swap).
    /// With `expected == nil` the reference must not exist yet. When another writer got
    /// there first the reference is left as that writer set it and the thrown error's
    /// `isConflict` is true. `message` goes to the reflog when one is kept.
    public func updateReference(_ name: String, to new: Oid, expected old: Oid?, message: String) throws {
        var newRaw = new.raw
        var ref: OpaquePointer?
        defer { git_reference_free(ref) }
        guard let old else {
            // force = 0: libgit2 takes the ref lock and fails with GIT_EEXISTS if it exists.
            try check(git_reference_create(&ref, pointer, name, &newRaw, 0, message),
                      "create reference '\(name)' at \(new) (expected absent)")
            return
        }
        var oldRaw = old.raw
        // force = 1 with current_id: libgit2 compares under the ref lock and fails with
        // GIT_EMODIFIED if the value changed.
        let code = git_reference_create_matching(&ref, pointer, name, &newRaw, 1, &oldRaw, message)
        if GitError.Code(rawValue: code) == .notFound {
            // The reference was deleted under us: for a CAS that is a move like any other.
            let cause = GitError.last(code: code, operation: "")
            throw GitError(code: .modified, errorClass: cause.errorClass,
                           message: "reference no longer exists (\(cause.message))",
                           operation: "update reference '\(name)' from \(old) to \(new)")
        }
        try check(code, "update reference '\(name)' from \(old) to \(new)")
    }

    /// Deletes the reference `name`; deleting an absent reference is not an error.
    public func deleteReference(_ name: String) throws {
        var ref: OpaquePointer?
        let code = git_reference_lookup(&ref, pointer, name)
        if failed(code, with: .notFound) { return }
        try check(code, "look up reference '\(name)'")
        defer { git_reference_free(ref) }
        try check(git_reference_delete(ref), "delete reference '\(name)'")
    }
}
