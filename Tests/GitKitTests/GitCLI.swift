import Foundation
import XCTest

/// Runs the real git command line as an independent oracle and fixture builder,
/// isolated from the user's configuration and with fixed identities and dates.
struct GitCLI {
    let home: URL
    var date = "1700000000 +0000"

    enum Failure: Error, CustomStringConvertible {
        case exit(arguments: [String], status: Int32, stderr: String)
        var description: String {
            switch self {
            case let .exit(arguments, status, stderr):
                return "git \(arguments.joined(separator: " ")) exited \(status): \(stderr)"
            }
        }
    }

    /// Runs `git <arguments>` in `directory` and returns its standard output.
    @discardableResult
    func run(_ arguments: [String], in directory: URL, input: Data? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-c", "init.defaultBranch=main", "-c", "user.name=Fixture", "-c", "user.email=fixture@example.com",
                             "-c", "core.autocrlf=false"] + arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        environment["HOME"] = home.path
        environment["XDG_CONFIG_HOME"] = home.path
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_AUTHOR_NAME"] = "Fixture Author"
        environment["GIT_AUTHOR_EMAIL"] = "author@example.com"
        environment["GIT_AUTHOR_DATE"] = date
        environment["GIT_COMMITTER_NAME"] = "Fixture Committer"
        environment["GIT_COMMITTER_EMAIL"] = "committer@example.com"
        environment["GIT_COMMITTER_DATE"] = date
        process.environment = environment

        // Standard error goes to a file, so only one pipe is read and a chatty command
        // cannot block on a full second pipe.
        let errorFile = home.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer { try? errorHandle.close() }
        let stdout = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = errorHandle
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let err = (try? Data(contentsOf: errorFile)) ?? Data()
        guard process.terminationStatus == 0 else {
            throw Failure.exit(arguments: arguments, status: process.terminationStatus,
                               stderr: String(decoding: err, as: UTF8.self))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Like `run`, trimmed of the trailing newline (for single-line answers such as ids).
    func line(_ arguments: [String], in directory: URL, input: Data? = nil) throws -> String {
        try run(arguments, in: directory, input: input).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
