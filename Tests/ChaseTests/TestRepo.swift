import Foundation
import XCTest

/// A real git repository in a temporary folder, built with the git command line (the independent
/// oracle), for driving the bot end to end.
final class TestRepo {
    let root: URL
    let path: String
    let bare: Bool
    private let home: URL
    /// The fake clock of commits: every commit is one minute after the previous one.
    var clock = Date(timeIntervalSince1970: 1_767_949_200) // 2026-01-09T09:00:00Z

    init(bare: Bool = false) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chase-test-\(UUID().uuidString)")
        home = root.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        self.bare = bare
        let work = root.appendingPathComponent(bare ? "repo.git" : "repo")
        path = work.path
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try git(bare ? ["init", "-q", "--bare", "-b", "main"] : ["init", "-q", "-b", "main"])
        if bare {
            // A scratch clone to make commits with, pushed into the bare repository.
            try run(["clone", "-q", path, root.appendingPathComponent("scratch").path], in: root.path)
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The folder where files are edited and committed (the scratch clone for a bare repository).
    var workPath: String { bare ? root.appendingPathComponent("scratch").path : path }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = home.path
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_AUTHOR_NAME"] = "Human Lead"
        env["GIT_AUTHOR_EMAIL"] = "lead@example.com"
        env["GIT_COMMITTER_NAME"] = "Human Lead"
        env["GIT_COMMITTER_EMAIL"] = "lead@example.com"
        return env
    }

    @discardableResult
    func git(_ args: [String], in dir: String? = nil, env extra: [String: String] = [:]) throws -> String {
        try run(args, in: dir ?? path, env: extra)
    }

    @discardableResult
    private func run(_ args: [String], in dir: String, env extra: [String: String] = [:]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        p.arguments = ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"] + args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.environment = environment.merging(extra) { _, b in b }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw NSError(domain: "git", code: Int(p.terminationStatus), userInfo: [
                NSLocalizedDescriptionKey: "git \(args.joined(separator: " ")): \(String(decoding: errData, as: UTF8.self))",
            ])
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func write(_ relative: String, _ text: String) throws {
        try write(relative, bytes: Array(text.utf8))
    }

    func write(_ relative: String, bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: workPath).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: URL(fileURLWithPath: workPath).appendingPathComponent(relative), encoding: .utf8)
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(at: URL(fileURLWithPath: workPath).appendingPathComponent(relative))
    }

    /// Commits everything in the work folder as the given author (pushing it for a bare repository).
    @discardableResult
    func commit(_ message: String, author: String = "Human Lead", email: String = "lead@example.com") throws -> String {
        clock = clock.addingTimeInterval(60)
        let date = "\(Int(clock.timeIntervalSince1970)) +0000"
        let env = ["GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date,
                   "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": date]
        try sync()
        try git(["add", "-A"], in: workPath)
        try git(["commit", "-q", "--allow-empty", "-m", message], in: workPath, env: env)
        if bare { try git(["push", "-q", "origin", "HEAD:main"], in: workPath) }
        return try git(["rev-parse", "HEAD"], in: workPath)
    }

    /// Brings the scratch clone of a bare repository up to date with the bot's commits.
    func sync() throws {
        guard bare, !(try git(["ls-remote", "--heads", "origin", "main"], in: workPath)).isEmpty else { return }
        try git(["pull", "-q", "--ff-only", "origin", "main"], in: workPath)
    }

    func rev(_ name: String) throws -> String { try git(["rev-parse", "--verify", "-q", name]) }
    func revOrNil(_ name: String) -> String? { try? rev(name) }
    func log(_ range: String = "main") throws -> [String] {
        try git(["log", "--format=%an|%s", range]).split(separator: "\n").map(String.init)
    }
    func fsck() throws -> String { try git(["fsck", "--strict", "--no-dangling"]) }
    func show(_ spec: String) throws -> String { try git(["show", spec]) }
}

/// Builds task files the way people write them.
enum TaskText {
    static func make(
        _ id: String, title: String = "A task", type: String = "content", contentType: String? = "tweet",
        priority: String = "P2", tier: Int? = nil, status: String = "pending", assignee: Int? = nil,
        dependsOn: [String] = [], created: String? = "2026-01-09T09:00:00Z", extra: [String] = []
    ) -> String {
        var lines = ["---", "id: \(id)", "title: \(title)", "type: \(type)"]
        if let contentType, type == "content" { lines.append("content_type: \(contentType)") }
        lines.append("priority: \(priority)")
        if let tier { lines.append("review_tier: \(tier)") }
        lines.append("status: \(status)")
        if let assignee { lines.append("assignee: \(assignee)") }
        if !dependsOn.isEmpty { lines.append("depends_on: [\(dependsOn.joined(separator: ", "))]") }
        if let created { lines.append("created: \(created)") }
        lines += extra
        lines += ["---", "Brief for \(id).", ""]
        return lines.joined(separator: "\n")
    }
}
