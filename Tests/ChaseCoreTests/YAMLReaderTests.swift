import XCTest
@testable import ChaseCore

private func read(_ text: String, limits: FrontMatterLimits = .default) throws -> YAMLNode? {
    try YAMLReader.read(Array(text.utf8), firstLine: 2, limits: limits)
}

private func readError(_ text: String, limits: FrontMatterLimits = .default) -> FrontMatterError? {
    do {
        _ = try YAMLReader.read(Array(text.utf8), firstLine: 2, limits: limits)
        return nil
    } catch {
        return error
    }
}

/// The error, and the events the reader parsed before it: the work done, bounded by the limits.
private func readErrorAndWork(_ text: String) -> (FrontMatterError?, events: Int) {
    var events = 0
    do {
        _ = try YAMLReader.read(Array(text.utf8), firstLine: 2, events: &events)
        return (nil, events)
    } catch {
        return (error, events)
    }
}

private func pairs(_ node: YAMLNode?) -> [YAMLPair] {
    if case .mapping(let pairs, _)? = node { return pairs }
    XCTFail("not a mapping: \(String(describing: node))")
    return []
}

final class YAMLReaderTests: XCTestCase {
    func testScalarsKeepTheirSourceTextWithoutYAML11Typing() throws {
        let node = try read("a: NO\nb: 1.10\nc: 2026-01-09\nd: 0x1F\ne: 012\nf: yes\ng: .inf\nh: 2026-01-09T10:00:00Z\n")
        let texts = pairs(node).map { $0.value.scalarText }
        XCTAssertEqual(texts, ["NO", "1.10", "2026-01-09", "0x1F", "012", "yes", ".inf", "2026-01-09T10:00:00Z"])
    }

    func testScalarStylesAndNulls() throws {
        let node = try read("a:\nb: ~\nc: null\nd: NULL\ne: Null\nf: \"\"\ng: 'null'\nh: nULL\ni: plain\n")
        let scalars = pairs(node).map { pair -> YAMLScalar in
            guard case .scalar(let s) = pair.value else { fatalError() }
            return s
        }
        XCTAssertEqual(scalars.map(\.isNull), [true, true, true, true, true, false, false, false, false])
        XCTAssertEqual(scalars.map(\.isPlain), [true, true, true, true, true, false, false, true, true])
        XCTAssertEqual(scalars[6].text, "null")
        XCTAssertEqual(scalars[0].text, "")
    }

    func testQuotedAndBlockScalarsAreUnescapedAndFolded() throws {
        let node = try read("a: \"x\\ty \\u00e9\"\nb: 'it''s'\nc: |\n  line 1\n  line 2\nd: >\n  folded\n  text\n")
        XCTAssertEqual(pairs(node).map { $0.value.scalarText }, ["x\ty é", "it's", "line 1\nline 2\n", "folded text\n"])
    }

    func testLinesAreOneBasedFileLines() throws {
        let node = try read("# comment\nid: X\n\ntags:\n  - a\n  - b\nmeta:\n  owner: me\n")
        let p = pairs(node)
        XCTAssertEqual(p.map(\.key.line), [3, 5, 8])
        XCTAssertEqual(p[0].value.line, 3)
        guard case .sequence(let items, let line) = p[1].value else { return XCTFail() }
        XCTAssertEqual(line, 6)
        XCTAssertEqual(items.map(\.line), [6, 7])
        guard case .mapping(let inner, _) = p[2].value else { return XCTFail() }
        XCTAssertEqual(inner[0].key.line, 9)
        XCTAssertEqual(node?.line, 3)
    }

    func testCRLFLinesCountOnce() throws {
        let node = try read("a: 1\r\nb: 2\r\n\r\nc: 3\r\n")
        XCTAssertEqual(pairs(node).map(\.key.line), [2, 3, 5])
        XCTAssertEqual(pairs(node).map { $0.value.scalarText }, ["1", "2", "3"])
    }

    func testEmptyAndCommentOnlyTextHasNoDocument() throws {
        XCTAssertNil(try read(""))
        XCTAssertNil(try read("# just a comment\n\n"))
    }

    func testAnchorIsRefused() {
        XCTAssertEqual(readError("a: 1\nb: &x value\n"), .anchorOrAlias(line: 3))
        XCTAssertEqual(readError("a: &list [1, 2]\n"), .anchorOrAlias(line: 2))
        XCTAssertEqual(readError("a: &map\n  k: v\n"), .anchorOrAlias(line: 2))
    }

    func testAliasIsRefusedEvenWithoutAnAnchor() {
        XCTAssertEqual(readError("a: 1\nb: *x\n"), .anchorOrAlias(line: 3))
    }

    func testAliasAsMappingKeyIsRefused() {
        XCTAssertEqual(readError("a: 1\n*x : 2\n"), .anchorOrAlias(line: 3))
    }

    func testBillionLaughsFailsFastAtTheFirstAnchor() {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for i in 1..<10 {
            let prev = String(UnicodeScalar(UInt8(96 + i)))
            let name = String(UnicodeScalar(UInt8(97 + i)))
            text += "\(name): &\(name) [" + Array(repeating: "*\(prev)", count: 9).joined(separator: ",") + "]\n"
        }
        let (error, events) = readErrorAndWork(text)
        XCTAssertEqual(error, .anchorOrAlias(line: 2))
        // Stream, document, mapping, the key, the anchored list: refused there, nothing expanded.
        XCTAssertEqual(events, 5)
    }

    func testTagsAreRefused() {
        XCTAssertEqual(readError("a: 1\nb: !!binary aGVsbG8=\n"), .tagNotAllowed(line: 3))
        XCTAssertEqual(readError("a: !custom x\n"), .tagNotAllowed(line: 2))
        XCTAssertEqual(readError("a: !!seq [1]\n"), .tagNotAllowed(line: 2))
        XCTAssertEqual(readError("a: ! x\n"), .tagNotAllowed(line: 2))
    }

    func testDuplicateTopLevelKeyReportsBothLines() {
        XCTAssertEqual(readError("status: open\nid: X\nstatus: done\n"),
                       .duplicateKey(key: "status", line: 4, firstLine: 2))
    }

    func testDuplicateNestedKeyReportsBothLines() {
        XCTAssertEqual(readError("meta:\n  a: 1\n  b: 2\n  a: 3\n"), .duplicateKey(key: "a", line: 5, firstLine: 3))
        XCTAssertEqual(readError("list:\n  - {x: 1, x: 2}\n"), .duplicateKey(key: "x", line: 3, firstLine: 3))
    }

    func testQuotedAndPlainSpellingsOfTheSameKeyAreDuplicates() {
        XCTAssertEqual(readError("a: 1\n\"a\": 2\n"), .duplicateKey(key: "a", line: 3, firstLine: 2))
    }

    func testSameKeyInDifferentMappingsIsFine() throws {
        let node = try read("x:\n  name: 1\ny:\n  name: 2\n")
        XCTAssertEqual(pairs(node).count, 2)
    }

    func testComplexKeysAreRefused() {
        XCTAssertEqual(readError("a: 1\n? [x, y]\n: v\n"), .complexKey(line: 3))
        XCTAssertEqual(readError("{[a]: 1}\n"), .complexKey(line: 2))
        XCTAssertEqual(readError("? {a: 1}\n: v\n"), .complexKey(line: 2))
    }

    func testDeepFlowNestingStopsAtTheDepthLimitQuickly() {
        let text = "a: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        let (error, events) = readErrorAndWork(text)
        XCTAssertEqual(error, .tooDeep(line: 2, limit: 16))
        // Refused within the first levels (libyaml's own look-ahead cap can fire first), never
        // after 10,000 of them: at most stream, document, mapping, the key and 16 lists.
        XCTAssertLessThanOrEqual(events, 20)
    }

    func testDeepBlockNestingStopsAtTheDepthLimitQuickly() {
        let text = "a:\n" + String(repeating: "- ", count: 10_000) + "x\n"
        let (error, events) = readErrorAndWork(text)
        XCTAssertEqual(error, .tooDeep(line: 3, limit: 16))
        XCTAssertLessThanOrEqual(events, 20, "stopped near the limit, not after 10,000 levels")
    }

    func testIndentedMappingNestingStopsAtTheDepthLimit() {
        var text = ""
        for depth in 0..<40 { text += String(repeating: " ", count: depth) + "k\(depth):\n" }
        // The top-level mapping is depth 1, so the 16th key's value is the 17th mapping.
        XCTAssertEqual(readError(text), .tooDeep(line: 2 + 16, limit: 16))
    }

    func testNestingAtTheLimitIsAccepted() throws {
        // 1 (top) + 15 nested lists = 16 levels.
        let text = "a: " + String(repeating: "[", count: 15) + "x" + String(repeating: "]", count: 15) + "\n"
        XCTAssertNotNil(try read(text))
        let deeper = "a: " + String(repeating: "[", count: 16) + "x" + String(repeating: "]", count: 16) + "\n"
        XCTAssertEqual(readError(deeper), .tooDeep(line: 2, limit: 16))
    }

    func testHugeFlowSequenceStopsAtTheNodeLimit() {
        let text = "a: [" + Array(repeating: "1", count: 50_000).joined(separator: ",") + "]\n"
        let (error, events) = readErrorAndWork(text)
        XCTAssertEqual(error, .tooManyNodes(limit: 10_000))
        // The 10,001st node ends it: a fifth of the list read, the rest never parsed.
        XCTAssertLessThanOrEqual(events, 10_005)
    }

    func testNodeLimitCountsKeysAndValues() throws {
        let limits = FrontMatterLimits(maxNodes: 5)
        // mapping + 2 keys + 2 values = 5
        XCTAssertNotNil(try read("a: 1\nb: 2\n", limits: limits))
        XCTAssertEqual(readError("a: 1\nb: 2\nc: 3\n", limits: limits), .tooManyNodes(limit: 5))
    }

    func testSyntaxErrorsCarryLibyamlsProblemAndTheRightLine() {
        guard case .syntax(let line, let message)? = readError("id: X\nassignee: @name\n") else { return XCTFail() }
        XCTAssertEqual(line, 3)
        XCTAssertTrue(message.contains("cannot start any token"), message)

        guard case .syntax(let line2, _)? = readError("id: X\ntitle: \"unclosed\nnext: 1\n") else { return XCTFail() }
        XCTAssertEqual(line2, 5)  // libyaml reports the end of the text, where the quote is still open

        guard case .syntax(let line3, let message3)? = readError("a: 1\n b: 2\nc: 3\n") else { return XCTFail() }
        XCTAssertEqual(line3, 3)
        XCTAssertFalse(message3.isEmpty)

        guard case .syntax(let line4, _)? = readError("a:\n  - x\n - y\n") else { return XCTFail() }
        XCTAssertEqual(line4, 4)
    }

    func testSecondDocumentIsASyntaxError() {
        guard case .syntax(let line, let message)? = readError("a: 1\n--- b\n") else { return XCTFail() }
        XCTAssertEqual(line, 3)
        XCTAssertTrue(message.contains("more than one"), message)
    }

    func testSameContentIgnoresLinesAndStyles() throws {
        let a = try read("x: 1\nl: [a, 'b']\nm: {k: v}\n")!
        let b = try read("\n\nx: '1'\nl:\n  - \"a\"\n  - b\nm:\n  k: v\n")!
        XCTAssertTrue(a.sameContent(as: b))
        XCTAssertNotEqual(a, b)
        let c = try read("x: 1\nl: [a, b, c]\nm: {k: v}\n")!
        XCTAssertFalse(a.sameContent(as: c))
        let nullValue = try read("x:\n")!
        let emptyString = try read("x: ''\n")!
        XCTAssertFalse(nullValue.sameContent(as: emptyString))
    }
}
