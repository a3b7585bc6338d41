import Chase
import ChaseCore
import Foundation
import XCTest
@testable import chase_fuzz
import SeededRandom

/// Every file the bot edits keeps every byte it does not own: checked on every edit of every bot
/// commit, over this repository's own queue and over generated queues (seeded, the same on every
/// run) whose files are written the many ways people write YAML, while people move the work along
/// between ticks.
final class EditDataSafetyTests: XCTestCase {
    /// The repository's sample queue, ticked at times that make every rule act.
    func testTheSampleQueueKeepsEveryByteTheBotDoesNotOwn() throws {
        let repo = try TestRepo()
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for folder in ["queue", "reviews", "outputs"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(folder),
                                             to: URL(fileURLWithPath: repo.path).appendingPathComponent(folder))
        }
        try repo.commit("The team's queue")
        var checked = 0
        for time in ["2026-01-09T10:00:00Z", "2026-01-10T12:00:00Z", "2026-01-14T00:00:00Z"] {
            let report = try Tick(options: .init(repoPath: repo.path, branch: "main", now: Timestamp.parse(time)!)).run()
            checked += try assertOnlyOwnedBytesEdited(repo, report, "sample queue at \(time)")
        }
        XCTAssertGreaterThan(checked, 5)
        print("data safety: \(checked) edits of the sample queue checked")
    }

    /// Generated queues: three seeds, each ticked eight times while people start, finish and review.
    func testGeneratedQueuesKeepEveryByteTheBotDoesNotOwn() throws {
        var checked = 0
        for seed: UInt64 in [7, 2026, 90210] {
            var rng = SeededRandom(seed: seed)
            let repo = try TestRepo()
            let ids = (1...30).map { "\(["CONTENT", "LORE", "ASSET", "OPS"][$0 % 4])-\($0)" }
            for (i, id) in ids.enumerated() {
                try repo.write("queue/\(id).md", bytes: GeneratedTaskFile.make(id: id, earlier: Array(ids[..<i]), &rng))
            }
            try repo.commit("Queue \(seed)")
            var now = Timestamp.parse("2026-01-09T10:00:00Z")!
            for round in 0..<8 {
                let report = try Tick(options: .init(repoPath: repo.path, branch: "main", now: now)).run()
                XCTAssertEqual(report.events.filter { $0.type == .fileInvalid }.map(\.subject), [], "generated files are valid")
                checked += try assertOnlyOwnedBytesEdited(repo, report, "seed \(seed) round \(round)")
                try movePeopleAlong(repo, &rng)
                try repo.commit("Work, round \(round)", author: "Agent 0\(rng.below(10))", email: "agent@example.com")
                now = now.addingTimeInterval(Double(1 + rng.below(30)) * 3600)
            }
        }
        XCTAssertGreaterThan(checked, 100)
        print("data safety: \(checked) edits of generated files checked")
    }

    /// Checks each file the tick's commit modified against its bytes before; returns how many.
    private func assertOnlyOwnedBytesEdited(_ repo: TestRepo, _ report: TickReport, _ label: String) throws -> Int {
        guard let commit = report.commit else { return 0 }
        let modified = try repo.git(["diff-tree", "--no-commit-id", "-r", "--diff-filter=M", "--name-only", commit])
            .split(separator: "\n").map(String.init)
        for path in modified {
            let before = try repo.blobBytes("\(commit)^:\(path)"), after = try repo.blobBytes("\(commit):\(path)")
            let violation = OwnedBytes.violation(original: before, edited: after)
            XCTAssertNil(violation, "\(label): \(path): \(violation ?? "")\n\(String(decoding: before, as: UTF8.self))")
        }
        return modified.count
    }

    /// People's edits between ticks, made as a person makes them (one line changed by hand): some
    /// tasks started or finished, some pending reviews answered.
    private func movePeopleAlong(_ repo: TestRepo, _ rng: inout SeededRandom) throws {
        for folder in ["queue", "reviews"] {
            let url = URL(fileURLWithPath: repo.path).appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path).sorted()) ?? [] where rng.chance(25) {
                let file = url.appendingPathComponent(name)
                var text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
                let moves = folder == "queue"
                    ? [("status: pending", "status: in_progress"), ("status: in_progress", "status: complete"),
                       ("status: changes_requested", "status: in_progress")]
                    : [("status: pending", rng.pick(["status: approved", "status: approved", "status: changes_requested"]))]
                for (from, to) in moves where text.contains("\n" + from) {
                    text = text.replacingOccurrences(of: "\n" + from, with: "\n" + to)
                    break
                }
                try Data(text.utf8).write(to: file)
            }
        }
    }
}


/// Task files written the many ways people write them: any key order, comments and blank lines
/// between keys and after values, unknown keys holding lists, maps, block scalars and quoted text
/// over several lines, the bot's own keys quoted, empty or commented, CRLF, a BOM, and a body with
/// its own `---` lines. Always valid, so the rules act on them.
enum GeneratedTaskFile {
    static func make(id: String, earlier: [String], _ rng: inout SeededRandom) -> [UInt8] {
        let type = ["CONTENT": "content", "LORE": "lore", "ASSET": "asset", "OPS": "ops"][TaskID.prefix(of: id)]!
        var entries: [[String]] = [
            ["title: " + rng.pick(["Plain title", "\"Quoted: with colon\"", "'Single # not a comment'", "Title # with a comment"])],
            ["type: \(type)" + comment(&rng)],
            ["priority: \(rng.pick(["P0", "P1", "P2", "P2", "P3"]))"],
            ["status: " + rng.pick(["pending", "pending", "\"pending\"", "in_progress", "complete", "pending   # set by hand"])],
        ]
        if type == "content" {
            entries.append(["content_type: \(rng.pick(["tweet", "thread", "discord", "banner", "novel"]))"])
            if rng.chance(70) { entries.append(["review_tier: \(1 + rng.below(3))" + comment(&rng)]) }
        }
        if rng.chance(40) { entries.append(["assignee: " + rng.pick(["", "~", "'\(rng.below(10))'", "\(rng.below(10))"])]) }
        if rng.chance(60) {
            let old = rng.chance(30)
            entries.append(["created: " + (old ? "2026-01-01T00:00:00Z" : "2026-01-09T08:00:00Z") + comment(&rng)])
        }
        if !earlier.isEmpty, rng.chance(30) {
            let deps = (0..<(1 + rng.below(2))).map { _ in rng.pick(earlier) }
            entries.append(rng.chance(50) ? ["depends_on: [\(Set(deps).sorted().joined(separator: ", "))]"]
                                          : ["depends_on:"] + Set(deps).sorted().map { "  - \($0)" })
        }
        // Keys the bot does not know, which it must never touch.
        let unknown: [[String]] = [
            ["campaign: new-year" + comment(&rng)],
            ["tags:", "  - launch", "", "  # a comment inside the list", "  - ika"],
            ["notes: |", "  Line one: with a colon", "", "  status: not a key, just text"],
            ["summary: >-", "  folded", "  text"],
            ["meta:", "  owner: sam", "  list: [1, \"2 # x\", '3']"],
            ["quote: \"a quoted value", "  running over", "  three lines\""],
            ["flow: {a: 1, b: [2, 3]}"],
            ["empty:"],
        ]
        for entry in unknown where rng.chance(35) { entries.append(entry) }
        // Any order after the id; comment and blank lines between.
        for i in stride(from: entries.count - 1, to: 0, by: -1) { entries.swapAt(i, rng.below(i + 1)) }
        var lines = ["---", "id: \(id)" + comment(&rng)]
        for entry in entries {
            if rng.chance(15) { lines.append(rng.pick(["", "# a comment line", "#", "# status: fake"])) }
            lines += entry
        }
        if rng.chance(20) { lines.append("# a last comment") }
        lines.append("---")
        var body = ["Brief for \(id)."]
        if rng.chance(40) { body += ["", "---", "status: body text, not a key", "..."] }
        if rng.chance(20) { body.append("Ünïcödé and emoji 🎉") }
        let ending = rng.chance(30) ? "\r\n" : "\n"
        var text = (lines + body).joined(separator: ending)
        if rng.chance(80) { text += ending }
        return (rng.chance(20) ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
    }

    private static func comment(_ rng: inout SeededRandom) -> String {
        rng.chance(20) ? rng.pick(["  # note", " # set by hand", "\t# tab"]) : ""
    }
}
