import XCTest
@testable import ChaseCore

private func parse(_ text: String, limits: FrontMatterLimits = .default) throws -> FrontMatter {
    try FrontMatter.parse(Array(text.utf8), limits: limits)
}

private func parseError(_ bytes: [UInt8], limits: FrontMatterLimits = .default) -> FrontMatterError? {
    do {
        _ = try FrontMatter.parse(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

private func parseError(_ text: String, limits: FrontMatterLimits = .default) -> FrontMatterError? {
    parseError(Array(text.utf8), limits: limits)
}

private let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

final class FrontMatterParseTests: XCTestCase {
    func testSplitsFieldsAndBody() throws {
        let fm = try parse("---\nid: CONTENT-010\nstatus: open\n---\n# Title\n\nBody text.\n")
        XCTAssertEqual(fm.fields.map(\.key.text), ["id", "status"])
        XCTAssertEqual(fm["id"]?.scalarText, "CONTENT-010")
        XCTAssertEqual(fm["status"]?.scalarText, "open")
        XCTAssertNil(fm["missing"])
        XCTAssertEqual(fm.body, "# Title\n\nBody text.\n")
        XCTAssertEqual(fm.closingLine, 4)
        XCTAssertFalse(fm.hasBOM)
        XCTAssertEqual(fm.lineEnding, .lf)
    }

    func testKeyLinesAreFileLines() throws {
        let fm = try parse("---\n# comment\nid: X\n\nstatus: open\ntags:\n  - a\n---\nbody\n")
        XCTAssertEqual(fm.fields.map(\.key.line), [3, 5, 6])
        XCTAssertEqual(fm["status"]?.line, 5)
        XCTAssertEqual(fm.key("tags")?.line, 6)
        XCTAssertEqual(fm["tags"]?.line, 7)
    }

    func testOneLeadingBOMIsStripped() throws {
        let fm = try FrontMatter.parse(bom + Array("---\nid: X\n---\nbody".utf8))
        XCTAssertTrue(fm.hasBOM)
        XCTAssertEqual(fm["id"]?.scalarText, "X")
        XCTAssertEqual(fm.body, "body")
        XCTAssertEqual(fm.key("id")?.line, 2)
    }

    func testTwoBOMsAreNotAnOpening() {
        XCTAssertEqual(parseError(bom + bom + Array("---\nid: X\n---\n".utf8)), .missingOpening)
    }

    func testCRLFFileParsesAndKeepsCRLFInBody() throws {
        let fm = try parse("---\r\nid: X\r\nstatus: open\r\n---\r\nline 1\r\nline 2\r\n")
        XCTAssertEqual(fm.lineEnding, .crlf)
        XCTAssertEqual(fm["status"]?.scalarText, "open")
        XCTAssertEqual(fm.key("status")?.line, 3)
        XCTAssertEqual(fm.body, "line 1\r\nline 2\r\n")
        XCTAssertEqual(fm.closingLine, 4)
    }

    func testDashesLaterInTheBodyAreBody() throws {
        let fm = try parse("---\nid: X\n---\nintro\n---\nnot: front matter\n---\n")
        XCTAssertEqual(fm.fields.count, 1)
        XCTAssertEqual(fm.body, "intro\n---\nnot: front matter\n---\n")
    }

    func testDotsCloseTheFrontMatter() throws {
        let fm = try parse("---\nid: X\n...\nbody\n")
        XCTAssertEqual(fm["id"]?.scalarText, "X")
        XCTAssertEqual(fm.body, "body\n")
        XCTAssertEqual(fm.closingLine, 3)
    }

    func testClosingLineMayHaveTrailingWhitespace() throws {
        let fm = try parse("---\nid: X\n--- \t\nbody")
        XCTAssertEqual(fm.body, "body")
        XCTAssertEqual(try parse("---\r\nid: X\r\n...  \r\nbody").body, "body")
    }

    func testOpeningLineMayHaveTrailingSpacesOrTabs() throws {
        XCTAssertEqual(try parse("---  \t\nid: X\n---\n")["id"]?.scalarText, "X")
    }

    func testClosingAtEndOfFileWithoutNewline() throws {
        let fm = try parse("---\nid: X\n---")
        XCTAssertEqual(fm.body, "")
        XCTAssertEqual(fm.closingLine, 3)
    }

    func testMissingCloserIsAnError() {
        XCTAssertEqual(parseError("---\nid: X\nstatus: open\n\nBody without a closer.\n"), .missingClosing(openedAt: 1))
        XCTAssertEqual(parseError("---\n"), .missingClosing(openedAt: 1))
        XCTAssertEqual(parseError("---"), .missingClosing(openedAt: 1))
        XCTAssertEqual(parseError("---\nid: X\n----\n"), .missingClosing(openedAt: 1))
        XCTAssertEqual(parseError("---\nid: X\n --- \n"), .missingClosing(openedAt: 1))
    }

    func testMissingOpeningIsAnError() {
        XCTAssertEqual(parseError("# Title\n---\nid: X\n---\n"), .missingOpening)
        XCTAssertEqual(parseError("\n---\nid: X\n---\n"), .missingOpening)
        XCTAssertEqual(parseError(" ---\nid: X\n---\n"), .missingOpening)
        XCTAssertEqual(parseError("----\nid: X\n---\n"), .missingOpening)
        XCTAssertEqual(parseError("...\nid: X\n---\n"), .missingOpening)
        XCTAssertEqual(parseError("just text"), .missingOpening)
    }

    func testNoParserIsPickedFromTheOpeningLine() {
        XCTAssertEqual(parseError("---yaml\nid: X\n---\n"), .missingOpening)
        XCTAssertEqual(parseError("--- toml\nid = 'X'\n---\n"), .missingOpening)
        XCTAssertEqual(parseError("---json\n{\"id\": \"X\"}\n---\n"), .missingOpening)
        XCTAssertEqual(parseError("--- # comment\nid: X\n---\n"), .missingOpening)
    }

    func testEmptyFileIsAnError() {
        XCTAssertEqual(parseError([]), .empty)
        XCTAssertEqual(parseError(bom), .empty)
    }

    func testOnlyDelimitersIsAnEmptyMapping() throws {
        let fm = try parse("---\n---\n")
        XCTAssertTrue(fm.fields.isEmpty)
        XCTAssertEqual(fm.body, "")
        XCTAssertEqual(fm.closingLine, 2)
        XCTAssertTrue(try parse("---\n# only a comment\n\n---\nbody").fields.isEmpty)
    }

    func testNULByteIsBinary() {
        XCTAssertEqual(parseError(Array("---\nid: X\n---\nbody\0more".utf8)), .binary)
        XCTAssertEqual(parseError([0x00]), .binary)
    }

    func testInvalidUTF8ReportsTheByteOffset() {
        var bytes = Array("---\nid: X\n---\nbody ".utf8)
        let offset = bytes.count
        bytes += [0xC3, 0x28]
        XCTAssertEqual(parseError(bytes), .notUTF8(byteOffset: offset))
        XCTAssertEqual(parseError([0xFF] + Array("---\n---\n".utf8)), .notUTF8(byteOffset: 0))
        // Overlong, surrogate, above U+10FFFF, truncated.
        XCTAssertEqual(parseError(Array("---\n".utf8) + [0xC0, 0xAF]), .notUTF8(byteOffset: 4))
        XCTAssertEqual(parseError(Array("---\n".utf8) + [0xED, 0xA0, 0x80]), .notUTF8(byteOffset: 4))
        XCTAssertEqual(parseError(Array("---\n".utf8) + [0xF4, 0x90, 0x80, 0x80]), .notUTF8(byteOffset: 4))
        XCTAssertEqual(parseError(Array("---\n---\nab".utf8) + [0xE2, 0x82]), .notUTF8(byteOffset: 10))
    }

    func testValidMultibyteUTF8Parses() throws {
        let fm = try parse("---\ntitle: Café 日本 🎉\n---\nbody ✓\n")
        XCTAssertEqual(fm["title"]?.scalarText, "Café 日本 🎉")
        XCTAssertEqual(fm.body, "body ✓\n")
    }

    func testTooLargeFileIsRefusedFirst() {
        let limits = FrontMatterLimits(maxFileBytes: 20)
        let text = "---\nid: X\n---\n" + String(repeating: "x", count: 20)
        XCTAssertEqual(parseError(text, limits: limits), .tooLarge(bytes: text.utf8.count, limit: 20))
        // Size comes before NUL and UTF-8 checks.
        XCTAssertEqual(parseError(Array(repeating: 0, count: 21), limits: limits), .tooLarge(bytes: 21, limit: 20))
    }

    func testDefaultLimits() {
        XCTAssertEqual(FrontMatterLimits.default.maxFileBytes, 1_048_576)
        XCTAssertEqual(FrontMatterLimits.default.maxFrontMatterBytes, 65_536)
        XCTAssertEqual(FrontMatterLimits.default.maxDepth, 16)
        XCTAssertEqual(FrontMatterLimits.default.maxNodes, 10_000)
        let big = Array(repeating: UInt8(ascii: "a"), count: 1_048_577)
        XCTAssertEqual(parseError(big), .tooLarge(bytes: 1_048_577, limit: 1_048_576))
    }

    func testTooLargeFrontMatterIsRefusedBeforeNULAndUTF8() {
        let limits = FrontMatterLimits(maxFrontMatterBytes: 10)
        let yaml = "title: a long title\n"
        XCTAssertEqual(parseError("---\n\(yaml)---\nbody", limits: limits),
                       .frontMatterTooLarge(bytes: yaml.utf8.count, limit: 10))
        XCTAssertEqual(parseError(Array("---\n\(yaml)---\n".utf8) + [0, 0xFF], limits: limits),
                       .frontMatterTooLarge(bytes: yaml.utf8.count, limit: 10))
        // The body does not count.
        XCTAssertNoThrow(try parse("---\na: 1\n---\n" + String(repeating: "body ", count: 100), limits: limits))
    }

    func testMalformedYAMLReportsTheFileLine() {
        guard case .syntax(let line, let message)? = parseError("---\nid: X\nassignee: @name\n---\n") else {
            return XCTFail()
        }
        XCTAssertEqual(line, 3)
        XCTAssertTrue(message.contains("cannot start any token"), message)

        guard case .syntax(let line2, _)? = parseError("---\nid: X\nstatus: open\n  bad: indent\n---\n") else {
            return XCTFail()
        }
        XCTAssertEqual(line2, 4)

        guard case .syntax(let line3, _)? = parseError("---\nid: X\ntitle: 'unclosed\n---\nbody\n") else {
            return XCTFail()
        }
        XCTAssertEqual(line3, 4)  // the quote is still open at the end of the front matter
    }

    func testSyntaxErrorLinesCountTheBOMLineAsLineOne() {
        guard case .syntax(let line, _)? = parseError(bom + Array("---\r\na: 1\r\nb: @x\r\n---\r\n".utf8)) else {
            return XCTFail()
        }
        XCTAssertEqual(line, 3)
    }

    func testControlCharacterInFrontMatterIsASyntaxErrorOnItsLine() {
        guard case .syntax(let line, let message)? = parseError("---\na: 1\nb: 2\nc: x\u{1}y\n---\n") else {
            return XCTFail()
        }
        XCTAssertEqual(line, 4)
        XCTAssertTrue(message.contains("control characters"), message)
    }

    func testTabIndentationIsASyntaxError() {
        guard case .syntax(let line, _)? = parseError("---\nmeta:\n\tk: v\n---\n") else { return XCTFail() }
        XCTAssertEqual(line, 3)
    }

    func testLoneCarriageReturnInFrontMatterIsRefused() {
        XCTAssertEqual(parseError("---\na: 1\nb: x\ry\n---\n")?.line, 3)
        XCTAssertNoThrow(try parse("---\na: 1\n---\nbody\rwith lone CR\n"))
    }

    func testUnicodeLineSeparatorsInFrontMatterAreRefused() {
        XCTAssertEqual(parseError("---\na: 1\nb: x\u{2028}y\n---\n")?.line, 3)
        XCTAssertEqual(parseError("---\na: x\u{85}y\n---\n")?.line, 2)
        XCTAssertNoThrow(try parse("---\na: \"x\\u2028y\"\n---\nbody \u{2028}\n"))
    }

    func testAnchorsAndAliasesAreRefused() {
        XCTAssertEqual(parseError("---\nbase: &b x\ncopy: *b\n---\n"), .anchorOrAlias(line: 2))
        XCTAssertEqual(parseError("---\ncopy: *b\n---\n"), .anchorOrAlias(line: 2))
    }

    func testDuplicateKeysAreRefusedWithBothLines() {
        let error = parseError("---\nid: X\nstatus: open\n\nstatus: done\n---\n")
        XCTAssertEqual(error, .duplicateKey(key: "status", line: 5, firstLine: 3))
        XCTAssertEqual(error?.description, "line 5: duplicate key 'status' (first at line 3)")
        XCTAssertEqual(parseError("---\nmeta:\n  a: 1\n  a: 2\n---\n"), .duplicateKey(key: "a", line: 4, firstLine: 3))
    }

    func testTopLevelMustBeAMapping() {
        XCTAssertEqual(parseError("---\n- a\n- b\n---\n"), .notAMapping(line: 2))
        XCTAssertEqual(parseError("---\n\njust a scalar\n---\n"), .notAMapping(line: 3))
        XCTAssertEqual(parseError("---\n[a, b]\n---\n"), .notAMapping(line: 2))
        XCTAssertEqual(parseError("---\n~\n---\n"), .notAMapping(line: 2))
    }

    func testFlowMappingTopLevelIsAccepted() throws {
        let fm = try parse("---\n{id: X, status: open}\n---\n")
        XCTAssertEqual(fm.fields.map(\.key.text), ["id", "status"])
    }

    func testComplexKeyIsRefused() {
        XCTAssertEqual(parseError("---\nid: X\n? [a, b]\n: v\n---\n"), .complexKey(line: 3))
    }

    func testDeepNestingIsRefused() {
        let flow = "---\na: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n---\n"
        XCTAssertEqual(parseError(flow), .tooDeep(line: 2, limit: 16))
        let block = "---\na:\n" + String(repeating: "- ", count: 10_000) + "x\n---\n"
        XCTAssertEqual(parseError(block), .tooDeep(line: 3, limit: 16))
    }

    func testTooManyNodesIsRefused() {
        let text = "---\na: [" + Array(repeating: "1", count: 20_000).joined(separator: ",") + "]\n---\n"
        XCTAssertEqual(parseError(text), .tooManyNodes(limit: 10_000))
    }

    func testValuesStayText() throws {
        let fm = try parse("---\ndone: NO\nversion: 1.10\ndue: 2026-01-09\nat: 2026-01-09T10:00:00Z\nid: CONTENT-010\nn: 007\n---\n")
        XCTAssertEqual(fm.fields.map { $0.value.scalarText }, ["NO", "1.10", "2026-01-09", "2026-01-09T10:00:00Z", "CONTENT-010", "007"])
    }

    func testCommentsAndUnknownNestedKeysAreKept() throws {
        let fm = try parse("""
        ---
        # leading comment
        id: X  # trailing comment
        custom:
          nested:
            deep: [1, 2]
          other: "x"
        ---

        """)
        XCTAssertEqual(fm["id"]?.scalarText, "X")
        guard case .mapping(let custom, _)? = fm["custom"] else { return XCTFail() }
        XCTAssertEqual(custom.map(\.key.text), ["nested", "other"])
        XCTAssertEqual(custom[0].key.line, 5)
    }

    func testErrorDescriptionsAreOneLineWithTheLine() {
        let errors: [FrontMatterError] = [
            .tooLarge(bytes: 2, limit: 1), .binary, .notUTF8(byteOffset: 3), .empty, .missingOpening,
            .missingClosing(openedAt: 1), .frontMatterTooLarge(bytes: 2, limit: 1), .syntax(line: 4, message: "bad"),
            .anchorOrAlias(line: 5), .tagNotAllowed(line: 6), .duplicateKey(key: "a\nb", line: 7, firstLine: 2),
            .notAMapping(line: 2), .complexKey(line: 3), .tooDeep(line: 2, limit: 16), .tooManyNodes(limit: 10),
            .editFailed(key: "status", reason: "why"),
        ]
        for error in errors {
            XCTAssertFalse(error.description.contains("\n"), error.description)
            if let line = error.line {
                XCTAssertTrue(error.description.hasPrefix("line \(line): "), error.description)
            } else {
                XCTAssertFalse(error.description.hasPrefix("line "), error.description)
            }
        }
        XCTAssertEqual(FrontMatterError.missingOpening.line, 1)
        XCTAssertEqual(FrontMatterError.notUTF8(byteOffset: 3).description,
                       "the file is not valid UTF-8 (first bad byte at offset 3)")
    }
}
