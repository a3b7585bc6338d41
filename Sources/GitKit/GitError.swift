import CLibGit2

/// An error reported by libgit2 (or by GitKit's own argument checks), carrying
/// libgit2's error code, error class and message together with what we were doing.
public struct GitError: Error, CustomStringConvertible, Sendable {
    /// The libgit2 return code (`git_error_code`, negative).
    public let code: Int32
    /// The libgit2 error class (`git_error_t`), e.g. `GIT_ERROR_REFERENCE`.
    public let klass: Int32
    /// libgit2's own message, read right after the failing call.
    public let message: String
    /// What GitKit was doing, e.g. `reference create 'refs/heads/main'`.
    public let operation: String

    public init(code: Int32, klass: Int32, message: String, operation: String) {
        self.code = code
        self.klass = klass
        self.message = message
        self.operation = operation
    }

    /// The object, reference or path does not exist (`GIT_ENOTFOUND`).
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    /// A compare-and-swap on a reference lost the race: the reference moved
    /// (`GIT_EMODIFIED`), it already exists when it was expected absent
    /// (`GIT_EEXISTS`), or another writer holds its lock (`GIT_ELOCKED`).
    public var isConflict: Bool {
        code == GIT_EMODIFIED.rawValue || code == GIT_EEXISTS.rawValue || code == GIT_ELOCKED.rawValue
    }

    /// A checkout refused to overwrite local changes (`GIT_ECONFLICT`).
    public var isCheckoutConflict: Bool { code == GIT_ECONFLICT.rawValue }

    /// An argument was rejected as invalid, e.g. a bad path given to `buildTree` (`GIT_EINVALIDSPEC`).
    public var isInvalid: Bool { code == GIT_EINVALIDSPEC.rawValue }

    public var description: String { "git: \(operation): \(message)" }

    /// An error raised by GitKit itself for a bad argument, shaped like libgit2's.
    static func invalid(_ message: String, _ operation: String) -> GitError {
        GitError(code: GIT_EINVALIDSPEC.rawValue, klass: Int32(GIT_ERROR_INVALID.rawValue),
                 message: message, operation: operation)
    }

    /// Builds the error for a failed call from libgit2's thread-local last error.
    /// It must be called right after the failing call, before any other libgit2 call
    /// can overwrite that state.
    static func last(code: Int32, operation: String) -> GitError {
        if let err = git_error_last(), let text = err.pointee.message {
            return GitError(code: code, klass: err.pointee.klass, message: String(cString: text), operation: operation)
        }
        return GitError(code: code, klass: 0, message: "unknown error (code \(code))", operation: operation)
    }
}

/// Turns a negative libgit2 return code into a `GitError`; passes other values through
/// so callers can use positive results (e.g. boolean answers).
@discardableResult
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(GitError) -> Int32 {
    if code < 0 {
        throw GitError.last(code: code, operation: operation())
    }
    return code
}
