import XCTest
@testable import ChaseCore
import SeededRandom

/// The byte-level forms of the id, stem, output-path and trimming checks (run for every file of a
/// large queue) against their first, character-level forms, on seeded random texts built from the
/// characters that matter to them.
final class PathCheckFastFormTests: XCTestCase {
    private let pieces = ["null", "Null", "~", "/", "//", ".", "..", ".md", ".git", ".GiT", "md", "outputs/", "queue/", "\\", "\0", "-", "--",
                          "CONTENT", "A", "z", "0", "123", "1234567890", " ", "\t", "é", "\u{301}", "İ", "\u{A0}", "\u{3000}", "K", "x"]

    private func texts(_ count: Int, seed: UInt64) -> [String] {
        var rng = SeededRandom(seed: seed)
        return (0..<count).map { _ in (0..<rng.below(7)).map { _ in rng.pick(pieces) }.joined() }
    }

    func testTaskIDCheckMatchesItsCharacterForm() {
        for text in texts(20_000, seed: 1) + ["CONTENT-010", "A-1", "A1-1", "1A-1", "A-", "-1", "A-1234567890", "A-123456789", "a-1"] {
            XCTAssertEqual(TaskID.isValid(text), TaskID.isValidByCharacters(text), text.debugDescription)
        }
    }

    func testStemMatchesItsCharacterForm() {
        for text in texts(20_000, seed: 2) + ["queue/CONTENT-010.md", "CONTENT-010.md", "queue/", "/", "", ".md", "a/.md", "a.md/"] {
            XCTAssertEqual(RepoPath.stem(text), RepoPath.stemByCharacters(text), text.debugDescription)
        }
    }

    func testOutputPathCheckMatchesItsCharacterForm() {
        let samples = ["outputs/a.md", "outputs/", "outputs//a", "outputs/./a", "outputs/../a", "outputs/.GIT/x", "outputs/a\\b"]
        for text in texts(20_000, seed: 3).map({ "outputs/" + $0 }) + texts(2000, seed: 4) + samples {
            XCTAssertEqual(RepoPath.isSafeOutput(text), RepoPath.isSafeOutputByCharacters(text), text.debugDescription)
        }
    }

    func testWordAtATimeScansMatchByteLoops() {
        var state: UInt64 = 9
        func next() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let r = UInt8(truncatingIfNeeded: state >> 56)
            // Mostly printable ASCII, with the bytes the scans look for now and then.
            return r < 200 ? 0x20 + r % 0x5F : [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x7F, 0x80, 0xC2, 0xE2, 0xFF][Int(r) % 10]
        }
        for length in 0..<40 {
            for _ in 0..<200 {
                let bytes = (0..<length).map { _ in next() }
                bytes.withUnsafeBufferPointer { buf in
                    let p = buf.baseAddress ?? UnsafePointer(bitPattern: 1)!
                    XCTAssertEqual(ByteScan.isPrintableASCII(p, length), bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F })
                    XCTAssertEqual(ByteScan.contains(p, length, 0x0D, 0xC2, 0xE2), bytes.contains { $0 == 0x0D || $0 == 0xC2 || $0 == 0xE2 })
                }
                XCTAssertEqual(FrontMatterLayout.firstInvalidUTF8(bytes) == nil, String(validating: bytes, as: UTF8.self) != nil)
                XCTAssertEqual(String(decoding: bytes, as: UTF8.self).isASCII, bytes.allSatisfy { $0 < 0x80 } )
            }
        }
    }

    func testNullWordsMatchTheSet() {
        for text in texts(20_000, seed: 6) + ["", "~", "null", "Null", "NULL", "nULL", "none", "n", "N", "~~", "nul", "nulls"] {
            XCTAssertEqual(YAMLScalar.isNullWord(text), YAMLScalar.nullWords.contains(text), text.debugDescription)
        }
    }

    func testTrimmingMatchesFoundation() {
        for text in texts(20_000, seed: 5) {
            XCTAssertEqual(text.trimmingWhitespace(), text.trimmingCharacters(in: .whitespaces), text.debugDescription)
        }
    }
}
