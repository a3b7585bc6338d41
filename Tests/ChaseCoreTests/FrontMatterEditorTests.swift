import XCTest
@testable import ChaseCore

private func edit(_ text: String, _ edits: [FrontMatterEdit]) throws -> String {
    let out = try FrontMatterEditor.apply(edits, to: Array(text.utf8))
    return String(decoding: out, as: UTF8.self)
}

private func editError(_ text: String, _ edits: [FrontMatterEdit]) -> FrontMatterError? {
    do {
        _ = try FrontMatterEditor.apply(edits, to: Array(text.utf8))
        return nil
    } catch {
        return error
    }
}

private let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

final class FrontMatterEditorTests: XCTestCase {
    let task = """
    ---
    # Task file
    id: CONTENT-010
    title: Write the launch post
    status: open   # set by the bot
    status_note: waiting on legal
    tags: [launch, blog]
    custom:
      owner: sam
      flags:
        - a
    ---
    # Body

    status: this is body text
    ---

    """

    func testReplacingAValueKeepsEveryOtherByte() throws {
        let out = try edit(task, [.set("status", "done")])
        XCTAssertEqual(out, task.replacingOccurrences(of: "status: open   # set", with: "status: done   # set"))
    }

    func testReplacingWithAValueThatNeedsQuotes() throws {
        let out = try edit(task, [.set("title", "Fix: the #1 bug")])
        XCTAssertEqual(out, task.replacingOccurrences(of: "title: Write the launch post",
                                                      with: "title: \"Fix: the #1 bug\""))
        XCTAssertEqual(try FrontMatter.parse(Array(out.utf8))["title"]?.scalarText, "Fix: the #1 bug")
    }

    func testSimilarPrefixesAreNotConfused() throws {
        let out = try edit(task, [.set("status_note", "cleared")])
        XCTAssertEqual(out, task.replacingOccurrences(of: "status_note: waiting on legal", with: "status_note: cleared"))
        let first = "---\nstatus_note: a\nstatus: b\n---\n"
        XCTAssertEqual(try edit(first, [.set("status", "c")]), "---\nstatus_note: a\nstatus: c\n---\n")
        XCTAssertEqual(try edit(first, [.set("status_note", "c")]), "---\nstatus_note: c\nstatus: b\n---\n")
    }

    func testAddingAMissingKeyInsertsBeforeTheCloser() throws {
        let out = try edit(task, [.set("assignee", "sam")])
        XCTAssertEqual(out, task.replacingOccurrences(of: "    - a\n---\n# Body", with: "    - a\nassignee: sam\n---\n# Body"))
    }

    func testAddingToEmptyFrontMatter() throws {
        XCTAssertEqual(try edit("---\n---\nbody\n", [.set("status", "open")]), "---\nstatus: open\n---\nbody\n")
        XCTAssertEqual(try edit("---\n---", [.set("status", "open")]), "---\nstatus: open\n---")
        XCTAssertEqual(try edit("---\n...\nbody", [.set("a", "1")]), "---\na: 1\n...\nbody")
    }

    func testCRLFFileKeepsCRLFOnInsertedKey() throws {
        let file = "---\r\nid: X\r\nstatus: open\r\n---\r\nbody\r\n"
        XCTAssertEqual(try edit(file, [.set("assignee", "sam")]),
                       "---\r\nid: X\r\nstatus: open\r\nassignee: sam\r\n---\r\nbody\r\n")
    }

    func testCRLFFileKeepsCRLFOnReplacedKey() throws {
        let file = "---\r\nid: X\r\nstatus: open # c\r\nnext: 1\r\n---\r\nbody\r\n"
        XCTAssertEqual(try edit(file, [.set("status", "done")]),
                       "---\r\nid: X\r\nstatus: done # c\r\nnext: 1\r\n---\r\nbody\r\n")
    }

    func testBOMIsKeptWhenAddingAndReplacing() throws {
        let file = bom + Array("---\r\nid: X\r\n---\r\nbody".utf8)
        let added = try FrontMatterEditor.apply([.set("status", "open")], to: file)
        XCTAssertEqual(added, bom + Array("---\r\nid: X\r\nstatus: open\r\n---\r\nbody".utf8))
        let replaced = try FrontMatterEditor.apply([.set("id", "Y")], to: file)
        XCTAssertEqual(replaced, bom + Array("---\r\nid: Y\r\n---\r\nbody".utf8))
    }

    func testRemovingAKey() throws {
        XCTAssertEqual(try edit(task, [.remove("title")]),
                       task.replacingOccurrences(of: "title: Write the launch post\n", with: ""))
        XCTAssertEqual(try edit(task, [.remove("custom")]),
                       task.replacingOccurrences(of: "custom:\n  owner: sam\n  flags:\n    - a\n", with: ""))
        XCTAssertEqual(try edit(task, [.remove("status")]),
                       task.replacingOccurrences(of: "status: open   # set by the bot\n", with: ""))
    }

    func testRemovingAnAbsentKeyChangesNothing() throws {
        XCTAssertEqual(try edit(task, [.remove("nope")]), task)
    }

    func testKeyWithIndentedBlockSequence() throws {
        let file = "---\nid: X\ndepends_on:\n  - A\n  - B\n\nstatus: open\n---\n"
        XCTAssertEqual(try edit(file, [.set("depends_on", "C")]), "---\nid: X\ndepends_on: C\n\nstatus: open\n---\n")
        XCTAssertEqual(try edit(file, [.remove("depends_on")]), "---\nid: X\n\nstatus: open\n---\n")
    }

    func testKeyWithNonIndentedBlockSequence() throws {
        let file = "---\ndepends_on:\n- A\n\n- B\n# note about status\nstatus: open\n---\n"
        XCTAssertEqual(try edit(file, [.set("depends_on", "none")]),
                       "---\ndepends_on: none\n# note about status\nstatus: open\n---\n")
    }

    func testCommentsBetweenSequenceItemsBelongToTheValue() throws {
        let file = "---\ntags:\n- a\n# between\n- b\nstatus: open\n---\n"
        XCTAssertEqual(try edit(file, [.set("tags", "x")]), "---\ntags: x\nstatus: open\n---\n")
    }

    func testMultiLineBlockScalarValue() throws {
        let file = "---\nid: X\nnotes: |\n  line one\n\n  line three\nstatus: open\n---\nbody\n"
        XCTAssertEqual(try edit(file, [.set("notes", "short")]), "---\nid: X\nnotes: short\nstatus: open\n---\nbody\n")
        XCTAssertEqual(try edit(file, [.set("status", "done")]),
                       "---\nid: X\nnotes: |\n  line one\n\n  line three\nstatus: done\n---\nbody\n")
        let folded = "---\nnotes: >-\n  a\n  b\n---\n"
        XCTAssertEqual(try edit(folded, [.set("notes", "c")]), "---\nnotes: c\n---\n")
    }

    func testMultiLineQuotedAndPlainValues() throws {
        let file = "---\ntitle: \"a long\n  title\"\nsummary: plain\n  continued\nid: X\n---\n"
        XCTAssertEqual(try edit(file, [.set("title", "t")]), "---\ntitle: t\nsummary: plain\n  continued\nid: X\n---\n")
        XCTAssertEqual(try edit(file, [.set("summary", "s")]),
                       "---\ntitle: \"a long\n  title\"\nsummary: s\nid: X\n---\n")
    }

    func testTrailingCommentIsKeptAfterTheNewValue() throws {
        XCTAssertEqual(try edit("---\nstatus: open # keep me\n---\n", [.set("status", "in progress")]),
                       "---\nstatus: in progress # keep me\n---\n")
        XCTAssertEqual(try edit("---\nstatus: \"a # b\"  # real\n---\n", [.set("status", "c")]),
                       "---\nstatus: c  # real\n---\n")
        XCTAssertEqual(try edit("---\nstatus: 'it''s # not' # real\n---\n", [.set("status", "c")]),
                       "---\nstatus: c # real\n---\n")
        XCTAssertEqual(try edit("---\ntags: [a, \"b # c\"] # real\n---\n", [.set("tags", "x")]),
                       "---\ntags: x # real\n---\n")
        XCTAssertEqual(try edit("---\nstatus: # empty for now\n---\n", [.set("status", "open")]),
                       "---\nstatus: open # empty for now\n---\n")
        XCTAssertEqual(try edit("---\nurl: http://x/#frag\n---\n", [.set("url", "y")]), "---\nurl: y\n---\n")
    }

    func testCommentKeptWithAValueThatNeedsQuotes() throws {
        XCTAssertEqual(try edit("---\nstatus: open # c\n---\n", [.set("status", "a # b")]),
                       "---\nstatus: \"a # b\" # c\n---\n")
    }

    func testSpacesBeforeTheColonAreAccepted() throws {
        XCTAssertEqual(try edit("---\nstatus  : open\nid: X\n---\n", [.set("status", "done")]),
                       "---\nstatus: done\nid: X\n---\n")
    }

    func testNullAndEmptyValuesAreReplaced() throws {
        XCTAssertEqual(try edit("---\nassignee:\nid: X\n---\n", [.set("assignee", "sam")]), "---\nassignee: sam\nid: X\n---\n")
        XCTAssertEqual(try edit("---\nassignee: ~\n---\n", [.set("assignee", "")]), "---\nassignee: \"\"\n---\n")
        XCTAssertEqual(try edit("---\nassignee:\n---\n", [.set("assignee", "")]), "---\nassignee: \"\"\n---\n")
    }

    func testSettingTheSameTextChangesNoByte() throws {
        let file = "---\nstatus: 'open'   # quoted on purpose\nn: 1.10\n---\n"
        XCTAssertEqual(try edit(file, [.set("status", "open"), .set("n", "1.10")]), file)
    }

    func testSeveralEditsAtOnce() throws {
        let out = try edit(task, [.set("status", "done"), .remove("status_note"), .set("assignee", "sam"),
                                  .set("completed_at", "2026-01-09T10:00:00Z")])
        let expected = task
            .replacingOccurrences(of: "status: open   #", with: "status: done   #")
            .replacingOccurrences(of: "status_note: waiting on legal\n", with: "")
            .replacingOccurrences(of: "    - a\n---\n", with: "    - a\nassignee: sam\ncompleted_at: 2026-01-09T10:00:00Z\n---\n")
        XCTAssertEqual(out, expected)
    }

    func testLaterEditOfTheSameKeyWins() throws {
        XCTAssertEqual(try edit("---\na: 1\n---\n", [.set("b", "x"), .set("b", "y"), .set("a", "2")]),
                       "---\na: 2\nb: y\n---\n")
        XCTAssertEqual(try edit("---\na: 1\n---\n", [.set("b", "x"), .remove("b")]), "---\na: 1\n---\n")
    }

    func testApplyingTheSameEditsTwiceIsIdempotent() throws {
        let edits: [FrontMatterEdit] = [.set("status", "Fix: it"), .set("assignee", "NO"), .remove("tags"),
                                        .set("custom", "flat")]
        let once = try FrontMatterEditor.apply(edits, to: Array(task.utf8))
        let twice = try FrontMatterEditor.apply(edits, to: once)
        XCTAssertEqual(once, twice)
        XCTAssertNotEqual(once, Array(task.utf8))
    }

    func testEditNamesItsKey() {
        XCTAssertEqual(FrontMatterEdit.set("status", "done").key, "status")
        XCTAssertEqual(FrontMatterEdit.remove("tags").key, "tags")
    }

    func testNoEditsReturnsTheInput() throws {
        XCTAssertEqual(try edit(task, []), task)
    }

    func testFlowMappingFrontMatterCannotBeEdited() {
        guard case .editFailed(let key, _)? = editError("---\n{status: open, id: X}\n---\n", [.set("status", "done")]) else {
            return XCTFail()
        }
        XCTAssertEqual(key, "status")
        guard case .editFailed? = editError("---\n{status: open, id: X}\n---\n", [.set("assignee", "sam")]) else {
            return XCTFail()
        }
    }

    func testKeysWrittenInOtherFormsCannotBeEdited() {
        let forms = [
            "---\n\"status\": open\n---\n",                  // quoted key
            "---\n? status\n: open\n---\n",                  // explicit key
            "---\n  status: open\n  id: X\n---\n",           // indented mapping
        ]
        for file in forms {
            guard case .editFailed(let key, _)? = editError(file, [.set("status", "done")]) else {
                return XCTFail(file)
            }
            XCTAssertEqual(key, "status")
        }
    }

    func testInsertingIntoAnIndentedMappingFails() {
        guard case .editFailed? = editError("---\n  id: X\n---\n", [.set("status", "open")]) else { return XCTFail() }
    }

    func testKeysThatAreNotPlainWordsAreRefused() {
        for key in ["", "a: b", "#x", "- x", "x\ny", " lead", "null"] {
            guard case .editFailed? = editError("---\nid: X\n---\n", [.set(key, "v")]) else { return XCTFail(key) }
        }
    }

    func testInvalidInputThrowsItsOwnParseError() {
        XCTAssertEqual(editError("---\na: 1\na: 2\n---\n", [.set("b", "x")]), .duplicateKey(key: "a", line: 3, firstLine: 2))
        XCTAssertEqual(editError("no front matter", [.set("b", "x")]), .missingOpening)
        XCTAssertEqual(editError("---\nb: *x\n---\n", [.set("b", "x")]), .anchorOrAlias(line: 2))
    }

    func testEditFailureLeavesNoPartialResult() {
        // The first edit is fine, the second cannot be made: the whole apply fails.
        XCTAssertNotNil(editError("---\nid: X\n\"status\": open\n---\n", [.set("id", "Y"), .set("status", "done")]))
    }

    func testMultiLineFlowValueIsReplacedWhole() throws {
        let file = "---\ntags: [a,\n  b, c]\n# about status\nstatus: open\n---\n"
        XCTAssertEqual(try edit(file, [.set("tags", "x")]), "---\ntags: x\n# about status\nstatus: open\n---\n")
        XCTAssertEqual(try edit(file, [.remove("tags")]), "---\n# about status\nstatus: open\n---\n")
    }

    func testReplacingAKeyWithANestedMapping() throws {
        let file = "---\nid: X\nmeta:\n  a: 1\n  b:\n    - x\nlast: 1\n---\n"
        XCTAssertEqual(try edit(file, [.set("meta", "none")]), "---\nid: X\nmeta: none\nlast: 1\n---\n")
    }

    func testLastKeyBeforeCloserWithTrailingBlankLines() throws {
        let file = "---\nid: X\ntags:\n  - a\n\n---\nbody"
        XCTAssertEqual(try edit(file, [.set("tags", "b")]), "---\nid: X\ntags: b\n\n---\nbody")
        XCTAssertEqual(try edit(file, [.set("new", "v")]), "---\nid: X\ntags:\n  - a\n\nnew: v\n---\nbody")
    }

    func testLiteralBlockWithKeepChompingBeforeInsert() throws {
        // Inserting after a `|+` block keeps that block's text the same: the verifier would refuse otherwise.
        let file = "---\nnotes: |+\n  text\n\n---\n"
        let out = try edit(file, [.set("status", "open")])
        let fm = try FrontMatter.parse(Array(out.utf8))
        XCTAssertEqual(fm["status"]?.scalarText, "open")
        XCTAssertEqual(fm["notes"]?.scalarText, try FrontMatter.parse(Array(file.utf8))["notes"]?.scalarText)
    }

    func testUnicodeValuesAndKeys() throws {
        XCTAssertEqual(try edit("---\ntitle: old\n---\n", [.set("title", "Café 日本 🎉")]), "---\ntitle: Café 日本 🎉\n---\n")
        XCTAssertEqual(try edit("---\nnom: old\n---\n", [.set("prénom", "Zoë")]), "---\nnom: old\nprénom: Zoë\n---\n")
    }

    func testBodyWithDelimiterLookalikesIsUntouched() throws {
        let file = "---\nstatus: open\n---\nstatus: open\n---\nstatus: open\n"
        XCTAssertEqual(try edit(file, [.set("status", "done")]), "---\nstatus: done\n---\nstatus: open\n---\nstatus: open\n")
    }
}
