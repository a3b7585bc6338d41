import CLibGit2

/// An error reported by libgit2 (or by GitKit's own argument checks), carrying
/// libgit2's error code, error class and message together with what we were doing.
public struct GitError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, libgit2's `git_error_code`.
    public let code: Code
    /// Which part of libgit2 reported it, libgit2's `git_error_t`.
    public let errorClass: Class
    /// libgit2's own message, read right after the failing call.
    public let message: String
    /// What GitKit was doing, e.g. `reference create 'refs/heads/main'`.
    public let operation: String

    public init(code: Code, errorClass: Class, message: String, operation: String) {
        self.code = code
        self.errorClass = errorClass
        self.message = message
        self.operation = operation
    }

    /// The object, reference or path does not exist.
    public var isNotFound: Bool { code == .notFound }

    /// A compare-and-swap on a reference lost the race: the reference moved (`.modified`), it
    /// already exists when it was expected absent (`.exists`), or another writer holds its lock
    /// (`.locked`).
    public var isConflict: Bool { code == .modified || code == .exists || code == .locked }

    /// A checkout refused to overwrite local changes.
    public var isCheckoutConflict: Bool { code == .conflict }

    /// An argument was rejected as invalid, e.g. a bad path given to `buildTree`.
    public var isInvalid: Bool { code == .invalidSpec }

    public var description: String { "git: \(operation): \(message)" }

    /// An error raised by GitKit itself for a bad argument, shaped like libgit2's.
    static func invalid(_ message: String, _ operation: String) -> GitError {
        GitError(code: .invalidSpec, errorClass: .invalid, message: message, operation: operation)
    }

    /// Builds the error for a failed call from libgit2's thread-local last error, then clears that
    /// error so a later failure can never be reported with this one's message. It must be called
    /// right after the failing call, before any other libgit2 call can overwrite that state.
    static func last(code: Int32, operation: String) -> GitError {
        defer { git_error_clear() }
        if let err = git_error_last(), let text = err.pointee.message {
            return GitError(code: Code(rawValue: code), errorClass: Class(rawValue: err.pointee.klass),
                            message: String(cString: text), operation: operation)
        }
        return GitError(code: Code(rawValue: code), errorClass: .none, message: "unknown error (code \(code))", operation: operation)
    }
}

extension GitError {
    /// libgit2's error codes (`git_error_code`), by name.
    public enum Code: Sendable, Hashable {
        case generic, notFound, exists, ambiguous, bufferTooShort, user, bareRepository, unbornBranch, unmerged
        case nonFastForward, invalidSpec, conflict, locked, modified, auth, certificate, applied, peel, endOfFile
        case invalid, uncommitted, directory, mergeConflict, passthrough, iterationOver, retry, mismatch, indexDirty
        case applyFailed
        /// The repository belongs to another user and is not listed in `safe.directory`.
        case owner
        /// A code this list does not name (a newer libgit2).
        case other(Int32)

        private static let named: [(Code, Int32)] = [
            (.generic, GIT_ERROR.rawValue), (.notFound, GIT_ENOTFOUND.rawValue), (.exists, GIT_EEXISTS.rawValue),
            (.ambiguous, GIT_EAMBIGUOUS.rawValue), (.bufferTooShort, GIT_EBUFS.rawValue), (.user, GIT_EUSER.rawValue),
            (.bareRepository, GIT_EBAREREPO.rawValue), (.unbornBranch, GIT_EUNBORNBRANCH.rawValue),
            (.unmerged, GIT_EUNMERGED.rawValue), (.nonFastForward, GIT_ENONFASTFORWARD.rawValue),
            (.invalidSpec, GIT_EINVALIDSPEC.rawValue), (.conflict, GIT_ECONFLICT.rawValue), (.locked, GIT_ELOCKED.rawValue),
            (.modified, GIT_EMODIFIED.rawValue), (.auth, GIT_EAUTH.rawValue), (.certificate, GIT_ECERTIFICATE.rawValue),
            (.applied, GIT_EAPPLIED.rawValue), (.peel, GIT_EPEEL.rawValue), (.endOfFile, GIT_EEOF.rawValue),
            (.invalid, GIT_EINVALID.rawValue), (.uncommitted, GIT_EUNCOMMITTED.rawValue),
            (.directory, GIT_EDIRECTORY.rawValue), (.mergeConflict, GIT_EMERGECONFLICT.rawValue),
            (.passthrough, GIT_PASSTHROUGH.rawValue), (.iterationOver, GIT_ITEROVER.rawValue), (.retry, GIT_RETRY.rawValue),
            (.mismatch, GIT_EMISMATCH.rawValue), (.indexDirty, GIT_EINDEXDIRTY.rawValue),
            (.applyFailed, GIT_EAPPLYFAIL.rawValue), (.owner, GIT_EOWNER.rawValue),
        ]

        public init(rawValue: Int32) {
            self = Code.named.first { $0.1 == rawValue }?.0 ?? .other(rawValue)
        }

        /// libgit2's number for the code.
        public var rawValue: Int32 {
            if case .other(let raw) = self { return raw }
            return Code.named.first { $0.0 == self }!.1
        }
    }

    /// libgit2's error classes (`git_error_t`): the part of the library that failed.
    public enum Class: Sendable, Hashable {
        case none, noMemory, os, invalid, reference, zlib, repository, config, regex, odb, index, object, net, tag
        case tree, indexer, ssl, submodule, thread, stash, checkout, fetchHead, merge, ssh, filter, revert, callback
        case cherrypick, describe, rebase, filesystem, patch, worktree, sha, http, `internal`
        /// A class this list does not name (a newer libgit2).
        case other(Int32)

        /// In libgit2's order: a class's number is its position here.
        private static let ordered: [Class] = [
            .none, .noMemory, .os, .invalid, .reference, .zlib, .repository, .config, .regex, .odb, .index, .object, .net,
            .tag, .tree, .indexer, .ssl, .submodule, .thread, .stash, .checkout, .fetchHead, .merge, .ssh, .filter, .revert,
            .callback, .cherrypick, .describe, .rebase, .filesystem, .patch, .worktree, .sha, .http, .internal,
        ]

        public init(rawValue: Int32) {
            self = Class.ordered.indices.contains(Int(rawValue)) ? Class.ordered[Int(rawValue)] : .other(rawValue)
        }

        /// libgit2's number for the class.
        public var rawValue: Int32 {
            if case .other(let raw) = self { return raw }
            return Int32(Class.ordered.firstIndex(of: self)!)
        }
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

/// Whether a libgit2 call failed with one of `codes`, an answer the caller expects (a reference
/// that does not exist): libgit2's error is then cleared, so it cannot linger into a later report.
func failed(_ code: Int32, with codes: GitError.Code...) -> Bool {
    guard code < 0, codes.contains(GitError.Code(rawValue: code)) else { return false }
    git_error_clear()
    return true
}
