import Foundation
import XCTest

/// The action's install step, run as the runner runs it: binaries an earlier job handed on are
/// installed only as a pair, `chase` and `chase-mcp` (which `chase mcp` runs from beside it), each
/// checked by its SHA-256.
final class ActionInstallTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private var temp: URL!

    override func setUpWithError() throws {
        temp = FileManager.default.temporaryDirectory.appendingPathComponent("chase-action-\(UUID().uuidString)")
        for folder in ["bin", "shim", "handed"] {
            try FileManager.default.createDirectory(at: temp.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        // sudo as the act suite has it: the command as it is (the step installs into CHASE_INSTALL_DIR).
        let sudo = temp.appendingPathComponent("shim/sudo")
        try "#!/bin/sh\nexec \"$@\"\n".write(to: sudo, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sudo.path)
        try "#!/bin/sh\necho chase\n".write(to: handed("chase"), atomically: true, encoding: .utf8)
        try "#!/bin/sh\necho chase-mcp\n".write(to: handed("chase-mcp"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: temp) }

    private func handed(_ name: String) -> URL { temp.appendingPathComponent("handed/\(name)") }
    private func installed(_ name: String) -> String { temp.appendingPathComponent("bin/\(name)").path }

    /// The script of the action's step `name`.
    private func stepScript(_ name: String) throws -> String {
        let lines = try String(contentsOf: root.appendingPathComponent("action.yml"), encoding: .utf8).components(separatedBy: "\n")
        let step = try XCTUnwrap(lines.firstIndex { $0.hasSuffix("- name: \(name)") })
        let run = try XCTUnwrap(lines[step...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "run: |" })
        let indent = lines[run].prefix { $0 == " " }.count + 2
        return lines[(run + 1)...].prefix { $0.isEmpty || $0.prefix(while: { $0 == " " }).count >= indent }
            .map { String($0.dropFirst(min(indent, $0.count))) }.joined(separator: "\n")
    }

    private func sha256(_ file: URL) throws -> String {
        String(try shell("sha256sum \"$1\"", args: [file.path], env: [:]).output.prefix(64))
    }

    private func shell(_ script: String, args: [String] = [], env: [String: String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["--noprofile", "--norc", "-eo", "pipefail", "-c", script, "step"] + args
        p.environment = ProcessInfo.processInfo.environment.merging(env) { _, b in b }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    private func install(chaseSHA: String?, mcpSHA: String?, handOnMCP: Bool = true) throws -> (status: Int32, output: String) {
        try shell(try stepScript("Install chase"), env: [
            "BINARY": handed("chase").path, "SHA256": chaseSHA ?? "",
            "MCP_BINARY": handOnMCP ? handed("chase-mcp").path : "", "MCP_SHA256": mcpSHA ?? "",
            "CHASE_INSTALL_DIR": temp.appendingPathComponent("bin").path, "RUNNER_TEMP": temp.path,
            "GITHUB_OUTPUT": temp.appendingPathComponent("outputs").path,
            "PATH": temp.appendingPathComponent("shim").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        ])
    }

    func testBothBinariesHandedOnAreInstalledSideBySideWithTheirHashes() throws {
        let chase = try sha256(handed("chase")), mcp = try sha256(handed("chase-mcp"))
        let result = try install(chaseSHA: chase, mcpSHA: mcp)
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(try String(contentsOfFile: installed("chase-mcp"), encoding: .utf8), "#!/bin/sh\necho chase-mcp\n")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: installed("chase")))
        let outputs = try String(contentsOf: temp.appendingPathComponent("outputs"), encoding: .utf8)
        XCTAssertEqual(outputs, "path=\(installed("chase"))\nsha256=\(chase)\nmcp-path=\(installed("chase-mcp"))\nmcp-sha256=\(mcp)\n")
    }

    func testAChaseMCPWhoseHashDiffersInstallsNothing() throws {
        let result = try install(chaseSHA: try sha256(handed("chase")), mcpSHA: String(repeating: "0", count: 64))
        XCTAssertNotEqual(result.status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: installed("chase")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: installed("chase-mcp")))
    }

    func testChaseHandedOnWithoutChaseMCPIsRefused() throws {
        let result = try install(chaseSHA: try sha256(handed("chase")), mcpSHA: nil, handOnMCP: false)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.output.contains("::error::hand on chase and chase-mcp together (binary, mcp-binary)"), result.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: installed("chase")))
    }
}
