import Chase
import ChaseCore
import Foundation
import GitKit
import XCTest

/// The GitHub Actions annotations ticks emit, one per notification delivered: collected across
/// ticks (and threads), so a test can see a notification sent twice or never.
final class AnnotationLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}

/// Stops a tick at a hook step, as a crash would.
struct InjectedCrash: Error, Equatable {
    var step: String
}

extension TestRepo {
    /// The environment of a tick inside GitHub Actions, so its notifications become annotations
    /// (the step summary goes beside the repository, never into it).
    var actionsEnvironment: [String: String] {
        ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": root.appendingPathComponent("step-summary.md").path]
    }

    /// Options for an in-process tick whose notifications go to `annotations`.
    func tickOptions(now: Date, annotations: AnnotationLog, branch: String = "main") -> Tick.Options {
        var options = Tick.Options(repoPath: path, branch: branch, now: now)
        options.environment = actionsEnvironment
        options.emit = { annotations.append($0) }
        return options
    }

    /// The exact bytes of a blob (`git show` output is trimmed).
    func blobBytes(_ spec: String) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        p.arguments = ["-C", path, "cat-file", "blob", spec]
        p.environment = environment
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Array(data)
    }

    /// Every ref and what it names, e.g. "refs/heads/main abc…", sorted.
    func refs() throws -> [String] {
        try git(["for-each-ref", "--format=%(refname) %(objectname)"]).split(separator: "\n").map(String.init)
    }

    /// The commits on `main` the bot made for a tick (those with a `Chase-Processed` trailer, but the outbox's).
    func botTickCommits() throws -> [String] {
        // The outbox's follow-up commits carry the trailer too; they are not ticks.
        try git(["log", "--invert-grep", "--grep=^chase: outbox:", "--format=%H %(trailers:key=Chase-Processed,valueonly,separator=%x2C)", "main"])
            .split(separator: "\n").filter { $0.split(separator: " ").count == 2 }.map { String($0.prefix(40)) }
    }

    /// The events recorded in the trailers of every commit on `main`, oldest first, as JSON lines.
    func recordedEvents() throws -> [String] {
        try git(["log", "--reverse", "--format=%(trailers:key=Chase-Event,valueonly)", "main"])
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// The files of the watched folders in the work tree (or the branch, for a bare repository),
    /// by path: what a user sees.
    func watchedFiles() throws -> [String: String] {
        var files: [String: String] = [:]
        if bare {
            let listing = try git(["ls-tree", "-r", "--name-only", "main", "--", "queue", "reviews", "outputs"])
            for path in listing.split(separator: "\n").map(String.init) { files[path] = try show("main:\(path)") }
            return files
        }
        for folder in ["queue", "reviews", "outputs"] {
            let url = URL(fileURLWithPath: path).appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: url.path) else { continue }
            for case let name as String in walker {
                var isFolder: ObjCBool = false
                let full = url.appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue {
                    files["\(folder)/\(name)"] = String(decoding: try Data(contentsOf: URL(fileURLWithPath: full)), as: UTF8.self)
                }
            }
        }
        return files
    }
}

/// The path of a folder of `Tests/Fixtures`, found from this source file.
func fixturesFolder(_ name: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name)
}
