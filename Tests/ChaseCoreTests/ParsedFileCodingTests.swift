import Foundation
import XCTest
@testable import ChaseCore

/// The binary form of parsed files (the engine's cache of them) reads back exactly what was
/// written, and damaged bytes are refused, never misread into a crash.
final class ParsedFileCodingTests: XCTestCase {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Every fixture file parsed as a task and as a review: tasks, reviews and invalid files of every kind.
    private func corpus() throws -> [(path: String, parsed: ParsedFile)] {
        var out: [(String, ParsedFile)] = []
        for folder in ["fuzz-seeds", "hostile/files", "fuzz-regressions"] {
            let dir = ParsedFileCodingTests.fixtures.appendingPathComponent(folder)
            for url in try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil).sorted(by: { $0.path < $1.path }) {
                let bytes = Array(try Data(contentsOf: url))
                let stem = url.deletingPathExtension().lastPathComponent.replacingOccurrences(of: "sample-", with: "")
                for path in ["queue/\(stem).md", "reviews/\(stem).md", "outputs/\(stem).md", "queue/sub/\(stem).md"] {
                    out.append((path, QueueFileParser.parse(path: path, kind: .file, bytes: bytes)))
                }
                out.append(("queue/\(stem).md", QueueFileParser.parse(path: "queue/\(stem).md", kind: .symlink, bytes: bytes)))
            }
        }
        // Values the parser never produces but the model allows: other paths, every optional set.
        out.append(("queue/X-1.md", .task(Task(path: "queue/elsewhere.md", id: "X-1", title: "é ’ イカ", type: .asset, contentType: "ct",
                                               priority: .p0, reviewTier: 3, status: .scheduled, assignee: 0, dependsOn: ["A-1", "B-2"],
                                               created: Date(timeIntervalSince1970: 1.5), output: "outputs/x", scheduledAt: Date(timeIntervalSince1970: -7),
                                               platform: "p", revision: 10_000, escalatedAt: Date(timeIntervalSince1970: 2),
                                               reviewEscalatedAt: Date(timeIntervalSince1970: 3), platformPostID: "", lines: ["id": 2, "x": -1]))))
        out.append(("reviews/R.md", .review(Review(path: "reviews/other.md", id: "X-1.canon", task: "X-1", type: .canon, reviewer: -3,
                                                   status: .closed, revision: 2, requested: Date(timeIntervalSince1970: 0),
                                                   due: Date(timeIntervalSince1970: 9), escalatedAt: Date(timeIntervalSince1970: 10)))))
        out.append(("queue/Y.md", .invalid(FileProblems([FileProblem(path: "elsewhere", line: nil, message: ""),
                                                         FileProblem(path: "queue/Y.md", line: 0, message: "x")]))))
        return out
    }

    private func encode(_ files: [(path: String, parsed: ParsedFile)]) -> [UInt8] {
        var encoder = ParsedFileEncoder()
        var w = BinaryWriter()
        w.varint(UInt64(files.count))
        for file in files {
            w.string(file.path)
            encoder.append(file.parsed, path: file.path, to: &w)
        }
        encoder.finish(&w)
        return w.bytes
    }

    private func decode(_ bytes: [UInt8]) throws -> [(path: String, parsed: ParsedFile)] {
        try bytes.withUnsafeBytes { raw in
            let decoder = try ParsedFileDecoder(tablesAtEndOf: raw)
            var r = BinaryReader(UnsafeRawBufferPointer(rebasing: raw[..<decoder.recordsEnd]))
            let count = try r.length()
            var out: [(String, ParsedFile)] = []
            for _ in 0..<count {
                let path = try r.string()
                out.append((path, try decoder.decode(path: path, from: &r)))
            }
            guard r.isAtEnd else { throw BinaryFormatError("trailing bytes") }
            return out
        }
    }

    func testEveryKindOfParsedFileReadsBackTheSame() throws {
        let files = try corpus()
        XCTAssertTrue(files.contains { $0.parsed.task != nil } && files.contains { $0.parsed.review != nil }
                      && files.contains { $0.parsed.problems != nil } && files.contains { $0.parsed == .other })
        let back = try decode(encode(files))
        XCTAssertEqual(back.count, files.count)
        for (a, b) in zip(files, back) {
            XCTAssertEqual(a.path, b.path)
            XCTAssertEqual(a.parsed, b.parsed, a.path)
        }
    }

    func testKeyLineTablesAreSharedAndKeepTheirOrder() throws {
        let fm = try FrontMatter.parse(Array("---\nid: A-1\ntitle: t\ntype: ops\nstatus: pending\n---\n".utf8))
        let task = try Task.validate(fm, path: "queue/A-1.md").get()
        let files = (1...50).map { _ in (path: "queue/A-1.md", parsed: ParsedFile.task(task)) }
        let bytes = encode(files)
        XCTAssertLessThan(bytes.count, 50 * 40, "one table for fifty tasks of the same layout")
        let back = try decode(bytes)
        XCTAssertEqual(back[49].parsed.task?.lines.pairs.map(\.key), ["id", "title", "type", "status"])
    }

    func testDamagedBytesAreRefusedNotMisread() throws {
        let bytes = encode(Array(try corpus().prefix(60)))
        // Every truncation: an error, never a crash or a silent short read.
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 500)) {
            XCTAssertThrowsError(try decode(Array(bytes[..<cut])), "cut at \(cut)")
        }
        // A length that runs past the end, and tables said to start past the end.
        var long = bytes
        long[0] = 0xFF
        XCTAssertThrowsError(try decode(long))
        var far = bytes
        far[far.count - 2] = 0x7F
        XCTAssertThrowsError(try decode(far))
    }
}
