import CLibGit2
import Foundation

/// Who made a commit and when: git's author/committer line as a value.
public struct Signature: Sendable, Equatable {
    public var name: String
    public var email: String
    /// Whole seconds; git stores no fraction, so sub-second parts are dropped when written.
    public var time: Date
    /// The author's time-zone offset from UTC, in minutes (e.g. 120 for +0200).
    public var offsetMinutes: Int

    public init(name: String, email: String, time: Date, offsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    init(_ raw: UnsafePointer<git_signature>) {
        let sig = raw.pointee
        self.init(
            name: sig.name.map { String(cString: $0) } ?? "",
            email: sig.email.map { String(cString: $0) } ?? "",
            time: Date(timeIntervalSince1970: TimeInterval(sig.when.time)),
            offsetMinutes: Int(sig.when.offset)
        )
    }

    /// Lends this signature to libgit2 as a `git_signature *` for the duration of `body`.
    func withRaw<R>(_ operation: String, _ body: (UnsafePointer<git_signature>) throws -> R) throws -> R {
        var out: UnsafeMutablePointer<git_signature>?
        let seconds = git_time_t(time.timeIntervalSince1970.rounded(.down))
        try check(git_signature_new(&out, name, email, seconds, Int32(offsetMinutes)),
                  "\(operation): signature '\(name) <\(email)>'")
        defer { git_signature_free(out) }
        return try body(out!)
    }
}
