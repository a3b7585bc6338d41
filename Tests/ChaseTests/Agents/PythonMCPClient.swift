import Foundation
import XCTest

/// The official Python MCP SDK as the client of `chase mcp`: Tests/MCP/mcp_session.py run with
/// the Python that has the `mcp` package — $CHASE_MCP_PYTHON (`make test` sets it), else the
/// virtual environment .build/mcp-venv, made here (pip install -r Tests/MCP/requirements.txt)
/// when it is missing. Skipped, saying why, only when there is no python3 at all.
enum PythonMCPClient {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let script = packageRoot.appendingPathComponent("Tests/MCP/mcp_session.py").path

    private static let lock = NSLock()
    nonisolated(unsafe) private static var found: String?

    static func python() throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let found { return found }
        if let given = ProcessInfo.processInfo.environment["CHASE_MCP_PYTHON"], !given.isEmpty {
            found = given
            return given
        }
        let venv = packageRoot.appendingPathComponent(".build/mcp-venv")
        let python = venv.appendingPathComponent("bin/python").path
        if try run(python, ["-c", "import mcp"]).status != 0 {
            guard try run("/usr/bin/env", ["python3", "--version"]).status == 0 else {
                throw XCTSkip("python3 is not installed: the tests with the Python MCP client need it (make test installs the rest)")
            }
            let made = try run("/usr/bin/env", ["python3", "-m", "venv", venv.path])
            XCTAssertEqual(made.status, 0, made.err)
            let pip = try run(venv.appendingPathComponent("bin/pip").path,
                              ["install", "-q", "-r", packageRoot.appendingPathComponent("Tests/MCP/requirements.txt").path])
            XCTAssertEqual(pip.status, 0, pip.err)
        }
        found = python
        return python
    }

    /// One session: `chase <serverArgs>` as the server, `calls` made in order; one result per call.
    static func session(_ serverArgs: [String], _ calls: [[String: Any]]) throws -> Session {
        let input = try JSONSerialization.data(withJSONObject: calls)
        let result = try run(try python(), [script, ChaseBinary.url.path] + serverArgs, input: input)
        guard result.status == 0, let all = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]] else {
            throw NSError(domain: "mcp", code: Int(result.status), userInfo: [NSLocalizedDescriptionKey: "session failed: \(result.err)"])
        }
        return Session(hello: all[0], results: Array(all.dropFirst()))
    }

    struct Session {
        var hello: [String: Any]
        var results: [[String: Any]]

        func isError(_ i: Int) -> Bool { results[i]["is_error"] as? Bool ?? false }
        func text(_ i: Int) -> String { results[i]["text"] as? String ?? "" }
        func json(_ i: Int) -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(text(i).utf8)) as? [String: Any]) ?? [:]
        }
    }

    static func call(_ tool: String, _ arguments: [String: Any] = [:]) -> [String: Any] { ["tool": tool, "arguments": arguments] }

    struct Output { var status: Int32; var out: String; var err: String }

    static func run(_ program: String, _ args: [String], input: Data? = nil) throws -> Output {
        guard FileManager.default.isExecutableFile(atPath: program) else { return Output(status: 127, out: "", err: "\(program) missing") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = args
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chase-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = dir.appendingPathComponent("in"), outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        try (input ?? Data()).write(to: inURL)
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        p.standardInput = try FileHandle(forReadingFrom: inURL)
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        try p.run()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, out: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      err: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
