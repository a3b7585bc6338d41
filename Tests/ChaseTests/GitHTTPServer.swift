import Foundation

/// A git smart-HTTP server on 127.0.0.1, as a forge runs one: `git http-backend` as a CGI program
/// behind `LocalHTTPServer`, serving the bare repositories in `root`, with HTTP basic auth that lets
/// in only `x-access-token` with `token` (a wrong or missing one gets 401). Unlike libgit2's local
/// transport, pushes here run the repository's hooks.
final class GitHTTPServer: @unchecked Sendable {
    let root: URL
    let token: String
    private(set) var server: LocalHTTPServer!
    private let lock = NSLock()
    private var refusedLogins = 0

    init(root: URL, token: String) throws {
        self.root = root
        self.token = token
        server = try LocalHTTPServer { [unowned self] request in self.answer(request) }
    }

    /// The URL of the bare repository `name` (a folder in `root`).
    func url(_ name: String) -> String { "\(server.url)/\(name)" }

    /// Requests that came with no or wrong credentials.
    var unauthorized: Int {
        lock.lock(); defer { lock.unlock() }
        return refusedLogins
    }

    private func answer(_ request: LocalHTTPServer.Request) -> LocalHTTPServer.Answer {
        let expected = "Basic " + Data("x-access-token:\(token)".utf8).base64EncodedString()
        guard request.headers["authorization"] == expected else {
            lock.lock(); refusedLogins += 1; lock.unlock()
            return .init(status: 401, bytes: Array("credentials required\n".utf8),
                         headers: ["WWW-Authenticate": "Basic realm=\"chase-test\"", "Content-Type": "text/plain"])
        }
        do {
            return try cgi(request)
        } catch {
            return .init(status: 500, bytes: Array("\(error)\n".utf8), headers: ["Content-Type": "text/plain"])
        }
    }

    /// Runs `git http-backend` for one request (RFC 3875: the request in the environment and on
    /// standard input, the answer's headers and body on standard output).
    private func cgi(_ request: LocalHTTPServer.Request) throws -> LocalHTTPServer.Answer {
        let parts = request.path.split(separator: "?", maxSplits: 1).map(String.init)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("chase-cgi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("in"), output = scratch.appendingPathComponent("out")
        try Data(request.body).write(to: input)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["http-backend"]
        var env: [String: String] = [
            "GIT_PROJECT_ROOT": root.path, "GIT_HTTP_EXPORT_ALL": "1", "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": scratch.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "REQUEST_METHOD": request.method, "PATH_INFO": parts[0], "QUERY_STRING": parts.count > 1 ? parts[1] : "",
            "CONTENT_LENGTH": String(request.body.count), "REMOTE_ADDR": "127.0.0.1",
            // Set once authenticated; http-backend allows pushes only then.
            "REMOTE_USER": "x-access-token",
        ]
        if let type = request.headers["content-type"] { env["CONTENT_TYPE"] = type }
        if let protocolHeader = request.headers["git-protocol"] { env["GIT_PROTOCOL"] = protocolHeader }
        process.environment = env
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()

        let bytes = Array(try Data(contentsOf: output))
        let separator = bytes.indices.first { i in
            i + 1 < bytes.count && bytes[i] == 10 && (bytes[i + 1] == 10 || (bytes[i + 1] == 13 && i + 2 < bytes.count && bytes[i + 2] == 10))
        }
        guard let end = separator else { return .init(status: 502, bytes: bytes, headers: ["Content-Type": "text/plain"]) }
        let bodyStart = bytes[end + 1] == 10 ? end + 2 : end + 3
        var status = 200
        var headers: [String: String] = [:]
        for line in String(decoding: bytes[..<end], as: UTF8.self).split(whereSeparator: \.isNewline) {
            let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0].lowercased() == "content-length" { continue }  // LocalHTTPServer sends its own
            if pair[0].lowercased() == "status" {
                status = Int(pair[1].prefix(3)) ?? 500
            } else {
                headers[pair[0]] = pair[1]
            }
        }
        return .init(status: status, bytes: Array(bytes[bodyStart...]), headers: headers)
    }
}
