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
    /// from repositories we trust, so the check only costs time. `git_libgit2_opts` is
    /// variadic and Swift does not import variadic C functions, so it is called through
    /// a fixed two-int prototype, which matches the variadic calling convention only
    /// on the platforms listed here; elsewhere the (harmless) default stays.
    private static func disableStrictHashVerification() {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
        typealias Opts = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "git_libgit2_opts") else { return }
        let opts = unsafeBitCast(symbol, to: Opts.self)
        _ = opts(Int32(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION.rawValue), 0)
        #endif
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
