import Foundation
import XCTest

/// `chase mcp` runs the `chase-mcp` installed beside `chase`; without it, one line says so.
final class MCPExecTests: XCTestCase {
    /// A copy of the built `chase` alone in a folder, as an install that forgot `chase-mcp`.
    private func loneChase() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chase-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let chase = folder.appendingPathComponent("chase")
        try FileManager.default.copyItem(at: ChaseBinary.url, to: chase)
        return chase
    }

    private func run(_ program: URL, _ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = program
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    func testWithoutChaseMCPBesideItChaseMCPIsAOneLineError() throws {
        let chase = try loneChase()
        let result = try run(chase, ["mcp", "--agent", "2"])
        XCTAssertEqual(result.status, 1)
        let expected = chase.deletingLastPathComponent().appendingPathComponent("chase-mcp").resolvingSymlinksInPath().path
        XCTAssertEqual(result.stderr, "chase: chase mcp needs chase-mcp installed beside chase (\(expected))\n")
        XCTAssertEqual(result.stdout, "")
    }

    func testTheHelpStillExplainsTheServerWithoutChaseMCP() throws {
        let result = try run(try loneChase(), ["mcp", "--help"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Serve one agent's work queue over the Model Context Protocol (stdio)."), result.stdout)
        XCTAssertTrue(result.stdout.contains("--agent <N>"), result.stdout)
    }

    func testBesideTheBuiltChaseItServes() throws {
        // The built chase-mcp sits beside the built chase; an initialize answered proves the exec.
        let repo = try TestRepo()
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops"))
        try repo.commit("A task")
        let p = Process()
        p.executableURL = ChaseBinary.url
        p.arguments = ["mcp", "--agent", "2", "--repo", repo.path]
        let input = Pipe(), out = Pipe()
        p.standardInput = input
        p.standardOutput = out
        try p.run()
        let hello = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
        input.fileHandleForWriting.write(Data((hello + "\n").utf8))
        var answer = Data()
        while !answer.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            answer += chunk
        }
        try input.fileHandleForWriting.close()
        p.waitUntilExit()
        let line = String(decoding: answer, as: UTF8.self)
        XCTAssertTrue(line.contains(#""serverInfo":{"#) && line.contains(#""name":"chase""#), line)
        XCTAssertEqual(p.terminationStatus, 0)
    }
}
