import ChaseCore
import Foundation
import XCTest
@testable import chase_fuzz

/// The fuzz target's checks, run over the committed seed corpus and over every input that once broke
/// one: an input the fuzzer keeps goes into `Tests/Fixtures/fuzz-regressions/` and stays a test.
final class FuzzRegressionTests: XCTestCase {
    func testSeedsAndRegressionsPassEveryCheck() throws {
        var count = 0
        for folder in ["fuzz-seeds", "fuzz-regressions"] {
            let url = fixturesFolder(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() {
                let bytes = Array(try Data(contentsOf: url.appendingPathComponent(name)))
                XCTAssertNil(FuzzTarget.problem(bytes), "\(folder)/\(name)")
                count += 1
            }
        }
        XCTAssertGreaterThan(count, 60)
    }

    /// The plain build of the target replays files, as CI and people use it on a kept input.
    func testThePlainBuildReplaysFilesAndFolders() throws {
        let binary = ChaseBinary.url.deletingLastPathComponent().appendingPathComponent("chase-fuzz").path
        let run = try MeasuredRun.run(binary, [fixturesFolder("fuzz-seeds").path, fixturesFolder("fuzz-regressions").path])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("replayed "), run.stdout)
        let missing = try MeasuredRun.run(binary, ["/no/such/input"])
        XCTAssertEqual(missing.exitCode, 2)
        XCTAssertEqual(missing.stderr, "chase-fuzz: no such file or folder: /no/such/input\n")
    }

    /// The first input the fuzzer kept: a quoted title running over three lines, two of them at
    /// column 0 and looking like keys. They are the title's value, so editing the title may replace
    /// them; an oracle that judged lines by their look called that a lost line.
    func testAQuotedValueOverSeveralLinesBelongsToItsKey() throws {
        let bytes = Array(try Data(contentsOf: fixturesFolder("fuzz-regressions").appendingPathComponent("title-quoted-over-three-lines.md")))
        XCTAssertEqual(try FrontMatter.parse(bytes).fields.map(\.key.text), ["id", "title", "type", "content_type", "status", "assignee"])
        let edited = try FrontMatterEditor.apply([.set("title", "Short")], to: bytes)
        XCTAssertTrue(String(decoding: edited, as: UTF8.self).contains("\ntitle: Short\ntype: content\n"))
        XCTAssertNil(OwnedBytes.violation(original: bytes, edited: edited, owned: ["title"]))
        XCTAssertNotNil(OwnedBytes.violation(original: bytes, edited: edited, owned: ["status"]))
    }

    /// The oracle catches every kind of change to bytes the bot does not own.
    func testTheOracleCatchesAnyChangeOutsideTheOwnedKeys() {
        let original = Array("\u{FEFF}---\r\nid: X-1 # the id\r\nstatus: open\r\n# note\r\ntags:\r\n  - a\r\n---\r\nBody\r\n".utf8)
        func edited(_ from: String, _ to: String) -> [UInt8] {
            Array(String(decoding: original, as: UTF8.self).replacingOccurrences(of: from, with: to).utf8)
        }
        XCTAssertNil(OwnedBytes.violation(original: original, edited: edited("status: open", "status: done")))
        XCTAssertNil(OwnedBytes.violation(original: original, edited: edited("\r\n---\r\nBody", "\r\nassignee: 2\r\n---\r\nBody")))
        for (from, to) in [("\u{FEFF}", ""), ("Body\r\n", "Body\n"), ("# note\r\n", ""), ("# the id", "#the id"),
                           ("  - a", "  - b"), ("tags:\r\n  - a\r\n", ""), ("# note\r\ntags:\r\n  - a\r\n", "tags:\r\n  - a\r\n# note\r\n"),
                           ("---\r\nBody", "---\r\nbody")] {
            XCTAssertNotNil(OwnedBytes.violation(original: original, edited: edited(from, to)), "\(from.debugDescription) → \(to.debugDescription)")
        }
    }
}
