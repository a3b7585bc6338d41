import Chase
import Foundation
import XCTest

/// The workflows `chase init` writes are this repository's own, byte for byte, and keep the rules
/// that make them safe to run (zizmor and the schema check run on them in CI as well).
final class WorkflowTemplatesTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The workflows, without the action they share.
    private var workflows: [(path: String, text: String)] { WorkflowTemplates.files.filter { $0.path.hasPrefix(".github/workflows/") } }

    func testTheTemplatesAreThisRepositorysWorkflowsByteForByte() throws {
        let github = root.appendingPathComponent(".github")
        let onDisk = try FileManager.default.subpathsOfDirectory(atPath: github.path)
            .filter { $0.hasPrefix("workflows/") || $0.hasPrefix("actions/") }.filter { $0.hasSuffix(".yml") }.sorted()
        XCTAssertEqual(WorkflowTemplates.files.map(\.path).sorted(), onDisk.map { ".github/\($0)" })
        for (path, text) in WorkflowTemplates.files {
            let bytes = try Data(contentsOf: root.appendingPathComponent(path))
            XCTAssertEqual(Array(text.utf8), Array(bytes),
                           "\(path) differs from WorkflowTemplates.swift; copy the file's text into it (indented four spaces)")
        }
    }

    func testEveryActionIsPinnedToACommitWithItsVersionBeside() {
        for (path, text) in WorkflowTemplates.files {
            for line in lines(text) where line.trimmingCharacters(in: .whitespaces).hasPrefix("uses:") || line.contains("- uses:") {
                let value = line.components(separatedBy: "uses:")[1].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("./") { continue }  // a workflow of this repository
                let pinned = value.range(of: #"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*$"#, options: .regularExpression) != nil
                XCTAssertTrue(pinned, "\(path): \(line)")
            }
        }
    }

    func testLeastPermissionsAndNoPullRequestTarget() {
        for (path, text) in workflows {
            XCTAssertTrue(text.contains("\npermissions: {}\n"), "\(path): no permissions by default")
            XCTAssertFalse(text.contains("pull_request_target"), path)
            XCTAssertFalse(text.contains("secrets: inherit"), path)
            XCTAssertFalse(text.contains("persist-credentials: true"), path)
            let checkouts = text.components(separatedBy: "actions/checkout@").count - 1
            XCTAssertEqual(text.components(separatedBy: "persist-credentials: false").count - 1, checkouts, "\(path): every checkout drops its token")
        }
        let tick = WorkflowTemplates.files.first { $0.path.hasSuffix("tick.yml") }!.text
        XCTAssertTrue(tick.contains("fetch-depth: 0"), "the tick reads the whole history")
        XCTAssertTrue(tick.contains("cancel-in-progress: false"), "a running tick is never cancelled")
        XCTAssertTrue(tick.contains("chase tick --push"))
        let action = WorkflowTemplates.files.first { $0.path == ".github/actions/build-chase/action.yml" }!.text
        XCTAssertEqual(action.components(separatedBy: "persist-credentials: false").count - 1, 1, "the action's checkout drops its token")
    }

    /// Every job builds chase through the one shared action, with the repository variables.
    func testEveryJobThatRunsChaseBuildsItThroughTheSharedAction() {
        for (path, text) in workflows {
            let runsChase = text.components(separatedBy: ".chase-src/.build/release/chase").count - 1
            let builds = text.components(separatedBy: "uses: ./.github/actions/build-chase").count - 1
            XCTAssertGreaterThan(builds, 0, path)
            XCTAssertFalse(text.contains("swift build"), "\(path): builds through the action, not by itself")
            XCTAssertGreaterThanOrEqual(runsChase, builds, path)
            XCTAssertEqual(text.components(separatedBy: "repository: ${{ vars.CHASE_REPOSITORY || github.repository }}").count - 1, builds, path)
        }
    }

    /// Untrusted values (titles, branch names, inputs) reach scripts through `env:`, never as
    /// `${{ }}` pasted into the script's text.
    func testNoExpressionInsideARunScript() {
        for (path, text) in WorkflowTemplates.files {
            var scriptIndent: Int?
            for line in lines(text) {
                let indent = line.prefix { $0 == " " }.count
                if let current = scriptIndent {
                    if line.trimmingCharacters(in: .whitespaces).isEmpty || indent > current {
                        XCTAssertFalse(line.contains("${{"), "\(path): \(line)")
                        continue
                    }
                    scriptIndent = nil
                }
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                // A step's script; a bare `run:` is the agents workflow's job of that name.
                if trimmed.hasPrefix("run:"), trimmed != "run:" {
                    XCTAssertFalse(trimmed.contains("${{"), "\(path): \(line)")
                    scriptIndent = indent
                }
            }
        }
    }

    private func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
