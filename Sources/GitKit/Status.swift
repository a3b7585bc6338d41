import CLibGit2

extension Repository {
    /// libgit2's status flags (`git_status_t` bits) for one work tree path compared
    /// with HEAD and the index; 0 means clean (or absent everywhere). Only meaningful
    /// for repositories with a work tree.
    public func pathStatus(_ path: String) throws -> UInt32 {
        var flags: UInt32 = 0
        let code = git_status_file(&flags, pointer, path)
        if failed(code, with: .notFound) { return 0 }
        try check(code, "status of '\(path)'")
        return flags
    }
}
