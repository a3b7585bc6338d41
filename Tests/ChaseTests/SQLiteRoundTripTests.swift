@testable import Chase
import ChaseCore
import Foundation
import XCTest

/// `chase export --sqlite` and `chase import --sqlite`: the blueprint's schema, queried with the
/// blueprint's own SQL, and files that come back byte for byte.
final class SQLiteRoundTripTests: XCTestCase {
    let now = Timestamp.parse("2026-01-09T10:00:00Z")!

    /// A queue with comments, unknown keys, a CRLF file, dependencies, and reviews made by a tick.
    private func seed(_ repo: TestRepo) throws {
        try repo.write("queue/CONTENT-10.md", TaskText.make(
            "CONTENT-10", title: "Ika tweet #6", tier: 2, status: "complete", assignee: 2,
            extra: ["mood: playful   # kept as it is", "output: outputs/content/tweets/ika-tweet-006.md", "scheduled_at: 2026-01-10T00:00:00Z"]))
        try repo.write("queue/LORE-3.md", TaskText.make("LORE-3", type: "lore", priority: "P0", assignee: 1).replacingOccurrences(of: "\n", with: "\r\n"))
        try repo.write("queue/CONTENT-15.md", TaskText.make("CONTENT-15", assignee: 2, dependsOn: ["LORE-3", "CONTENT-10"]))
        try repo.commit("The queue")
        _ = try Tick(options: .init(repoPath: repo.path, branch: "main", now: now)).run()
    }

    private func export(_ repo: TestRepo) throws -> String {
        let file = repo.root.appendingPathComponent("queue.db").path
        let result = try ChaseBinary.run(["export", "--repo", repo.path, "--sqlite", file, "--now", "2026-01-09T10:05:00Z"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("wrote \(file): 3 tasks, 1 reviews, 2 dependencies, 1 calendar items, "), result.stdout)
        return file
    }

    func testExportAnswersTheBlueprintsQueries() throws {
        let repo = try TestRepo()
        try seed(repo)
        let db = try SQLiteDatabase(path: try export(repo), create: false)
        // The SLA monitor's query from the blueprint, as written there.
        let pending = try db.rows("""
            SELECT r.id, r.task_id, r.review_type, r.reviewer_agent, t.review_tier
            FROM reviews r JOIN tasks t ON r.task_id = t.id WHERE r.status = 'pending'
            """)
        XCTAssertEqual(pending.count, 1)
        XCTAssertEqual(pending[0]["review_type"], .text("cultural"))
        XCTAssertEqual(pending[0]["reviewer_agent"], .integer(9))
        let open = try db.rows("SELECT task_code FROM tasks WHERE status IN ('pending', 'in_progress', 'blocked') AND priority = 0")
        XCTAssertEqual(open.map { $0["task_code"] }, [.text("LORE-3")])
        let deps = try db.rows("""
            SELECT t.task_code FROM task_dependencies d JOIN tasks t ON d.task_id = t.id
            WHERE d.depends_on_task_id = (SELECT id FROM tasks WHERE task_code = 'LORE-3') AND d.is_resolved = 0
            """)
        XCTAssertEqual(deps.map { $0["task_code"] }, [.text("CONTENT-15")])
        XCTAssertEqual(try db.rows("SELECT count(*) AS n FROM agents")[0]["n"], .integer(10))
        let events = try db.rows("SELECT event_type FROM events ORDER BY id").compactMap { $0["event_type"]?.text }
        XCTAssertTrue(events.contains("review.requested"))
        XCTAssertTrue(events.contains("task.blocked"))
        XCTAssertEqual(try db.rows("SELECT content_id, scheduled_time FROM calendar_items")[0]["scheduled_time"], .text("2026-01-10T00:00:00Z"))
    }

    func testRoundTripGivesTheSameBytes() throws {
        let repo = try TestRepo()
        try seed(repo)
        let file = try export(repo)
        let target = try TestRepo()
        let result = try ChaseBinary.run(["import", "--repo", target.path, "--sqlite", file, "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for path in ["queue/CONTENT-10.md", "queue/LORE-3.md", "queue/CONTENT-15.md", "reviews/CONTENT-10.cultural.md"] {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: target.path).appendingPathComponent(path)),
                           try Data(contentsOf: URL(fileURLWithPath: repo.path).appendingPathComponent(path)), path)
        }
        // Importing again over identical files is a no-op, not a conflict.
        let again = try ChaseBinary.run(["import", "--repo", target.path, "--sqlite", file])
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.stdout.hasPrefix("0 written, 0 replaced, 4 unchanged"))
    }

    func testChangedRowEditsOnlyItsKeys() throws {
        let repo = try TestRepo()
        try seed(repo)
        let file = try export(repo)
        let db = try SQLiteDatabase(path: file, create: true)
        try db.execute("UPDATE tasks SET status = 'cancelled', priority = 1 WHERE task_code = 'CONTENT-10'")
        try db.execute("UPDATE tasks SET assigned_agent = 7 WHERE task_code = 'LORE-3'")
        let before10 = try repo.read("queue/CONTENT-10.md")
        let files = try QueueImport.files(fromDatabase: file)
        let after10 = String(decoding: files["queue/CONTENT-10.md"]!, as: UTF8.self)
        XCTAssertEqual(after10, before10.replacingOccurrences(of: "priority: P2", with: "priority: P1")
            .replacingOccurrences(of: "status: in_review", with: "status: cancelled"))
        XCTAssertTrue(after10.contains("mood: playful   # kept as it is\n"))
        // CRLF stays CRLF.
        XCTAssertTrue(String(decoding: files["queue/LORE-3.md"]!, as: UTF8.self).contains("assignee: 7\r\n"))
        // Over the originals: refused without --force, nothing written; written with it.
        let refused = try ChaseBinary.run(["import", "--repo", repo.path, "--sqlite", file])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stderr, "chase: queue/CONTENT-10.md, queue/LORE-3.md already exist with other content; nothing was written (pass --force to replace)\n")
        XCTAssertEqual(try repo.read("queue/CONTENT-10.md"), before10)
        let forced = try ChaseBinary.run(["import", "--repo", repo.path, "--sqlite", file, "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try repo.read("queue/CONTENT-10.md"), after10)
    }

    func testChangedDependenciesRewriteTheFileWithItsBody() throws {
        let repo = try TestRepo()
        try seed(repo)
        let file = try export(repo)
        try SQLiteDatabase(path: file, create: true).execute("DELETE FROM task_dependencies WHERE depends_on_code = 'LORE-3'")
        let text = String(decoding: try QueueImport.files(fromDatabase: file)["queue/CONTENT-15.md"]!, as: UTF8.self)
        XCTAssertTrue(text.contains("depends_on: [CONTENT-10]\n"), text)
        XCTAssertTrue(text.hasSuffix("---\nBrief for CONTENT-15.\n"), text)
    }

    func testRowsWithoutFileTextAreRenderedWhole() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("chase-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let db = try SQLiteDatabase(path: file, create: true)
        try db.execute(QueueSchema.sql)
        try db.execute("""
            INSERT INTO tasks (id, task_code, title, task_type, content_type, priority, status, assigned_agent, created_at)
              VALUES (1, 'CONTENT-10', 'Ika: tweet #6', 'content', 'tweet', 2, 'pending', 2, '2026-01-09T09:00:00Z'),
                     (2, 'LORE-3', 'Senpai mystery', 'lore', NULL, 0, 'in_progress', 1, NULL);
            INSERT INTO task_dependencies (task_id, depends_on_task_id, depends_on_code, position) VALUES (1, 2, 'LORE-3', 0);
            INSERT INTO reviews (id, review_code, task_id, review_type, reviewer_agent, status, requested_at, notes)
              VALUES (1, 'CONTENT-10.cultural', 1, 'cultural', 9, 'approved', '2026-01-09T10:00:00Z', 'Fine.');
            """)
        let files = try QueueImport.files(fromDatabase: file)
        XCTAssertEqual(String(decoding: files["queue/CONTENT-10.md"]!, as: UTF8.self), """
            ---
            id: CONTENT-10
            title: "Ika: tweet #6"
            type: content
            content_type: tweet
            priority: P2
            status: pending
            assignee: 2
            depends_on: [LORE-3]
            created: 2026-01-09T09:00:00Z
            ---

            """)
        XCTAssertEqual(String(decoding: files["reviews/CONTENT-10.cultural.md"]!, as: UTF8.self), """
            ---
            id: CONTENT-10.cultural
            task: CONTENT-10
            type: cultural
            reviewer: 9
            status: approved
            requested: 2026-01-09T10:00:00Z
            ---
            Fine.
            """)
    }

    func testBadRowStopsTheImportNamingIt() throws {
        let repo = try TestRepo()
        try seed(repo)
        let file = try export(repo)
        try SQLiteDatabase(path: file, create: true).execute("UPDATE tasks SET status = 'done' WHERE task_code = 'LORE-3'")
        let target = try TestRepo()
        let result = try ChaseBinary.run(["import", "--repo", target.path, "--sqlite", file])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "chase: tasks row LORE-3: status 'done' is not a status\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: target.path + "/queue"))
    }

    func testExportRefusesToReplaceAFileWithoutForce() throws {
        let repo = try TestRepo()
        try seed(repo)
        let file = try export(repo)
        let again = try ChaseBinary.run(["export", "--repo", repo.path, "--sqlite", file])
        XCTAssertEqual(again.stderr, "chase: \(file) exists; pass --force to replace it\n")
        XCTAssertEqual(again.status, 1)
        XCTAssertEqual(try ChaseBinary.run(["export", "--repo", repo.path, "--sqlite", file, "--force"]).status, 0)
    }

    func testImportOfSomethingElseSaysSo() throws {
        let target = try TestRepo()
        let file = target.root.appendingPathComponent("empty.db").path
        try SQLiteDatabase(path: file, create: true).execute("CREATE TABLE x (a)")
        let result = try ChaseBinary.run(["import", "--repo", target.path, "--sqlite", file])
        XCTAssertEqual(result.stderr, "chase: \(file) has no tasks table: not a database in the queue's schema (see chase export)\n")
        let missing = try ChaseBinary.run(["import", "--repo", target.path, "--sqlite", file + ".nope"])
        XCTAssertEqual(missing.stderr, "chase: \(file).nope does not exist\n")
    }
}
