import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide facts about the libgit2 library GitKit runs on. (Not named `GitKit`:
/// a type named like its module breaks module-qualified names such as `GitKit.Oid`.)
public enum LibGit2 {
    /// The version of the linked libgit2, e.g. "1.5.1".
    public static var version: String {
        Library.ensureInitialized()
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}

/// One-time libgit2 set-up. A `static let` is initialised lazily and exactly once,
/// even under concurrent first use, which is the guarantee `git_libgit2_init` needs.
enum Library {
    private static let initialized: Bool = {
        git_libgit2_init()
        disableStrictHashVerification()
        return true
    }()

    /// Every public entry point that leads to libgit2 calls this first.
    static func ensureInitialized() {
        _ = initialized
    }

    /// libgit2 re-hashes every object it reads unless told otherwise; our reads come
    /// from repositories we trust, so the check only costs time (3× on blob reads).
    private static func disableStrictHashVerification() {
        _ = chase_git_set_strict_hash_verification(0)
    }
}

/// Lends a list of Swift strings to libgit2 as a `git_strarray` for the duration of `body`.
func withStrarray<R>(_ strings: [String], _ body: (inout git_strarray) throws -> R) rethrows -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    var storage = copies
    return try storage.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return try body(&array)
    }
}
