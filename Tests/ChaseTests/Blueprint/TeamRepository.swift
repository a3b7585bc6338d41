import Chase
import ChaseCore
import Foundation
import XCTest

/// A workflow repository with the blueprint's team at work: the config gives every agent its own
/// git identity, people and agents commit at the simulated time as themselves, and the built
/// `chase tick` runs at a given `--now`, as the scheduled workflow would.
final class TeamRepository {
    let repo: TestRepo
    /// The environment of every `chase` run (webhook URLs, GitHub Actions' variables).
    var environment: [String: String] = [:]

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
    static func email(_ agent: Int) -> String { "agent\(TeamRepository.two(agent))@team.example" }
    static let lead = "lead@team.example"

    /// The blueprint's team (the defaults) with identities, the lead as maintainer, and `change`
    /// applied; committed by the lead at `start` together with `chase init`'s other files.
    init(at start: String, _ change: (inout Config) -> Void = { _ in }) throws {
        repo = try TestRepo()
        var config = Config.default
        for i in config.agents.indices { config.agents[i].identities = [TeamRepository.email(config.agents[i].number)] }
        config.maintainers = [TeamRepository.lead]
        change(&config)
        let setup = try ChaseBinary.run(["init", "--repo", repo.path])
        XCTAssertEqual(setup.status, 0, setup.stderr)
        try repo.write(ConfigReader.path, ConfigFileText.render(config))
        try commit("Set up chase for the team", by: nil, at: start)
    }

    /// Commits everything as agent `agent` (nil: the human lead), dated `time`.
    @discardableResult
    func commit(_ message: String, by agent: Int?, at time: String) throws -> String {
        repo.clock = Timestamp.parse(time)!.addingTimeInterval(-60)
        if let agent { return try repo.commit(message, author: "Agent \(TeamRepository.two(agent))", email: TeamRepository.email(agent)) }
        return try repo.commit(message, author: "Human Lead", email: TeamRepository.lead)
    }

    /// A task file as agent 00 writes one.
    func writeTask(_ id: String, _ keys: [String], brief: String) throws {
        try repo.write("queue/\(id).md", (["---", "id: \(id)"] + keys + ["---", brief, ""]).joined(separator: "\n"))
    }

    /// Changes one key's line of a file, as a person editing it by hand.
    func set(_ path: String, _ key: String, _ value: String) throws {
        var lines = try repo.read(path).components(separatedBy: "\n")
        guard let i = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) else { return XCTFail("\(path) has no \(key)") }
        lines[i] = "\(key): \(value)"
        try repo.write(path, lines.joined(separator: "\n"))
    }

    func append(_ path: String, _ text: String) throws { try repo.write(path, try repo.read(path) + text) }

    /// One run of `chase tick --now time --json`; the run must succeed.
    struct Run {
        var report: TickReport
        var stderr: String
        /// `type subject`, in order.
        var events: [String] { report.events.map { "\($0.type.rawValue) \($0.subject)" } }
        func event(_ type: EventType, _ subject: String) -> Event? { report.events.first { $0.type == type && $0.subject == subject } }
    }

    @discardableResult
    func tick(at time: String, file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        let result = try ChaseBinary.run(["tick", "--repo", repo.path, "--now", time, "--json"], env: environment)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { dec in
            let s = try dec.singleValueContainer().decode(String.self)
            guard let d = Timestamp.parse(s) else { throw DecodingError.dataCorrupted(.init(codingPath: dec.codingPath, debugDescription: s)) }
            return d
        }
        return Run(report: try decoder.decode(TickReport.self, from: Data(result.stdout.utf8)), stderr: result.stderr)
    }

    /// A file as the branch has it.
    func show(_ path: String) throws -> String { try repo.show("main:\(path)") }

    /// A key's value in a file on the branch, nil when the file has no such line.
    func value(_ path: String, _ key: String) throws -> String? {
        try show(path).components(separatedBy: "\n").first { $0.hasPrefix(key + ": ") }.map { String($0.dropFirst(key.count + 2)) }
    }

    /// The ids in `chase next --agent n`'s list.
    func workList(_ agent: Int, at time: String) throws -> [String] {
        let result = try ChaseBinary.run(["next", "--repo", repo.path, "--agent", String(agent), "--now", time, "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let items = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return items.compactMap { $0["id"] as? String }
    }

    /// `chase validate --base rev`: who changed what since `rev`, by the team's policy.
    func validate(since rev: String) throws -> ChaseBinary.Result {
        try ChaseBinary.run(["validate", "--repo", repo.path, "--base", rev])
    }

    /// `author|subject` of every commit, oldest first.
    func history() throws -> [String] { try repo.log().reversed() }
}
