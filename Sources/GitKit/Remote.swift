import CLibGit2

/// Where a remote's credentials come from: HTTPS basic auth as `x-access-token` with the password
/// in `GITHUB_TOKEN` (how GitHub Actions' token is used), read from an injected environment.
/// libgit2 asks again each time the server refuses what it was given; after `maxAttempts` answers
/// the callback gives up, so a wrong token fails instead of looping.
public struct RemoteCredentials: Sendable {
    public static let user = "x-access-token"
    public static let tokenVariable = "GITHUB_TOKEN"

    public var token: String?
    public var maxAttempts: Int

    public init(environment: [String: String], maxAttempts: Int = 2) {
        let value = environment[RemoteCredentials.tokenVariable]
        self.token = value?.isEmpty == false ? value : nil
        self.maxAttempts = maxAttempts
    }
}

/// A push the remote did not (entirely) take. `git_remote_push` succeeds even when the server
/// refuses a reference (a protected branch, a hook, a ref moved meanwhile): the refusal arrives
/// only in the `push_update_reference` callback, per reference. Every refusal there is collected
/// here; references not listed were updated. When libgit2 itself refuses before sending anything
/// (the remote has commits this repository has not fetched), every reference of the push is listed.
public struct PushRejection: Error, CustomStringConvertible, Sendable, Equatable {
    /// The remote's name, or its URL when it has none.
    public let remote: String
    /// Refused reference name → the reason given (the server's status, or libgit2's message).
    public let refused: [String: String]
    /// True when libgit2 refused before sending: the remote moved on since the last fetch.
    public let remoteMoved: Bool

    public init(remote: String, refused: [String: String], remoteMoved: Bool) {
        self.remote = remote
        self.refused = refused
        self.remoteMoved = remoteMoved
    }

    public var description: String {
        let list = refused.keys.sorted().map { "\($0) (\(refused[$0]!))" }.joined(separator: ", ")
        return "\(remote) refused \(list)"
    }
}

/// A remote repository to fetch from and push to: a remote named in the repository's config
/// ("origin") or a URL (an anonymous remote). Owns its `git_remote *`. Pushes never force: a
/// refspec starting with "+" is refused before anything is sent.
public final class Remote {
    /// The owned `git_remote *`, freed once in `deinit`.
    let pointer: OpaquePointer
    /// Kept so the repository outlives the remote that points into it.
    private let repository: Repository
    /// The name given: the remote's name or the URL.
    public let name: String

    /// Opens the remote `nameOrURL`: a configured remote's name, or else a URL or path, as git
    /// itself reads `git fetch <repository>`.
    public init(_ repository: Repository, _ nameOrURL: String) throws {
        var out: OpaquePointer?
        let code = git_remote_lookup(&out, repository.pointer, nameOrURL)
        if failed(code, with: .notFound, .invalidSpec) {
            try check(git_remote_create_anonymous(&out, repository.pointer, nameOrURL),
                      "open remote '\(nameOrURL)'")
        } else {
            try check(code, "look up remote '\(nameOrURL)'")
        }
        self.pointer = out!
        self.repository = repository
        self.name = nameOrURL
    }

    deinit {
        git_remote_free(pointer)
    }

    /// True for a remote configured in the repository (it has remote-tracking branches), false for a URL.
    public var isNamed: Bool {
        git_remote_name(pointer) != nil
    }

    /// The URL fetches go to.
    public var url: String {
        git_remote_url(pointer).map { String(cString: $0) } ?? ""
    }

    /// Fetches `refspecs` (e.g. "+refs/heads/main:refs/remotes/origin/main", or a bare
    /// "refs/chase/processed/main" to download its objects without a local ref) and returns
    /// every reference the remote advertised, name → commit, as it was during this fetch. A refspec
    /// naming a reference the remote does not have fetches nothing for it; its absence from the
    /// answer says so. Tags are not followed and no FETCH_HEAD is written.
    public func fetch(_ refspecs: [String], credentials: RemoteCredentials) throws -> [String: Oid] {
        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "fetch options")
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        options.prune = GIT_FETCH_NO_PRUNE
        options.update_fetchhead = 0
        let state = CallbackState(credentials: credentials)
        try withExtendedLifetime(state) {
            state.install(in: &options.callbacks)
            try withStrarray(refspecs) { list in
                _ = try check(git_remote_fetch(pointer, &list, &options, "chase: fetch"), "fetch from '\(name)'")
            }
        }
        return try advertised()
    }

    /// Pushes `refspecs` ("refs/heads/main:refs/heads/main", ":refs/x" to delete). Only
    /// fast-forwards: a "+" refspec is refused. Throws `PushRejection` when any reference was
    /// refused, and a `GitError` when the push could not be made at all (network, credentials).
    public func push(_ refspecs: [String], credentials: RemoteCredentials) throws {
        if let forced = refspecs.first(where: { $0.hasPrefix("+") }) {
            throw GitError.invalid("'\(forced)' would force the update; Chase never forces a push", "push to '\(name)'")
        }
        if refspecs.isEmpty { return }
        var options = git_push_options()
        try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "push options")
        let state = CallbackState(credentials: credentials)
        let code: Int32 = withExtendedLifetime(state) {
            state.install(in: &options.callbacks)
            return withStrarray(refspecs) { list in git_remote_push(pointer, &list, &options) }
        }
        if GitError.Code(rawValue: code) == .nonFastForward {
            // libgit2 checked the advertisement and sent nothing: none of the references moved.
            let cause = GitError.last(code: code, operation: "push to '\(name)'")
            var refused: [String: String] = [:]
            for spec in refspecs { refused[Remote.destination(of: spec)] = cause.message }
            throw PushRejection(remote: name, refused: refused, remoteMoved: true)
        }
        try check(code, "push to '\(name)'")
        if !state.refused.isEmpty {
            throw PushRejection(remote: name, refused: state.refused, remoteMoved: false)
        }
    }

    /// The references of the last connection's advertisement, without peeled tags.
    private func advertised() throws -> [String: Oid] {
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        try check(git_remote_ls(&heads, &count, pointer), "list the references of '\(name)'")
        var refs: [String: Oid] = [:]
        for index in 0..<count {
            guard let head = heads?[index]?.pointee, let raw = head.name else { continue }
            let ref = String(cString: raw)
            if ref.hasSuffix("^{}") { continue }
            refs[ref] = Oid(head.oid)
        }
        return refs
    }

    /// "src:dst" → "dst"; "name" → "name".
    static func destination(of refspec: String) -> String {
        guard let colon = refspec.lastIndex(of: ":") else { return refspec }
        return String(refspec[refspec.index(after: colon)...])
    }
}

/// What the C callbacks of one fetch or push read and write. It travels as the callbacks' payload
/// (a C function cannot capture Swift state); the caller keeps it alive for the whole call.
private final class CallbackState {
    let credentials: RemoteCredentials
    var credentialRequests = 0
    /// Reference → the server's reason, from `push_update_reference`.
    var refused: [String: String] = [:]

    init(credentials: RemoteCredentials) {
        self.credentials = credentials
    }

    func install(in callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, _, _, allowed, payload in
            guard let out, let payload else { return GitError.Code.auth.rawValue }
            let state = Unmanaged<CallbackState>.fromOpaque(payload).takeUnretainedValue()
            return state.answerCredentialRequest(out, allowed: allowed)
        }
        callbacks.push_update_reference = { ref, status, payload in
            guard let payload, let ref else { return 0 }
            let state = Unmanaged<CallbackState>.fromOpaque(payload).takeUnretainedValue()
            // Any status at all is a refusal: success is reported as NULL.
            if let status { state.refused[String(cString: ref)] = String(cString: status) }
            return 0
        }
    }

    /// The error message is set here, in the callback's own call on this thread, so the failing
    /// libgit2 call that fails with `.auth` carries it.
    private func answerCredentialRequest(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, allowed: UInt32) -> Int32 {
        credentialRequests += 1
        let variable = RemoteCredentials.tokenVariable
        guard allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 else {
            git_error_set_str(GitError.Class.net.rawValue, "the server asks for credentials other than a user and password; only \(variable) over HTTPS is supported")
            return GitError.Code.auth.rawValue
        }
        guard let token = credentials.token else {
            git_error_set_str(GitError.Class.net.rawValue, "the server asks for credentials and \(variable) is not set")
            return GitError.Code.auth.rawValue
        }
        guard credentialRequests <= credentials.maxAttempts else {
            git_error_set_str(GitError.Class.net.rawValue, "the server refused \(RemoteCredentials.user) with the token in \(variable)")
            return GitError.Code.auth.rawValue
        }
        return git_credential_userpass_plaintext_new(out, RemoteCredentials.user, token)
    }
}
