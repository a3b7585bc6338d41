import ChaseCore
import Foundation

/// `chase import --sqlite`: a database in the blueprint's schema back into task and review files
/// (the blueprint's migration and rollback paths). A row that carries its file's original text is
/// written as that text with the row's values edited in, byte for byte elsewhere; a row without
/// one, or whose dependency list changed (the editor writes scalars only), is rendered whole. Nothing is written unless every row is valid, and an existing file with
/// other content is never replaced without `force`.
public enum QueueImport {
    public struct Summary: Sendable, Codable {
        public var written: [String] = []
        public var unchanged: [String] = []
        public var replaced: [String] = []
    }


    /// `chase import`: the database's files written into the work tree of the repository at
    /// `repoPath` (an import writes files for a person to commit, not commits).
    public static func run(database: String, repoPath: String, force: Bool) throws -> Summary {
        let root = try WorkTree.open(repoPath, for: "chase import writes files into a work tree").root
        return try write(try files(fromDatabase: database), into: root, force: force)
    }

    /// The files the database stands for, by path, each checked to read back as what its row says.
    public static func files(fromDatabase path: String) throws -> [String: [UInt8]] {
        guard FileManager.default.fileExists(atPath: path) else { throw ChaseError.importRefused("\(path) does not exist") }
        let db = try SQLiteDatabase(path: path, create: false)
        for table in ["tasks", "reviews", "task_dependencies"] where try !db.tableExists(table) {
            throw ChaseError.importRefused("\(path) has no \(table) table: not a database in the queue's schema (see chase export)")
        }
        var deps: [Int: [String]] = [:]
        for row in try db.rows("SELECT task_id, depends_on_code FROM task_dependencies ORDER BY task_id, position") {
            if let id = row["task_id"]?.integer, let code = row["depends_on_code"]?.text { deps[id, default: []].append(code) }
        }
        var out: [String: [UInt8]] = [:]
        var codes: [Int: String] = [:]
        for row in try db.rows("SELECT * FROM tasks ORDER BY id") {
            var (task, body) = try taskValue(row, dependsOn: deps[row["id"]?.integer ?? -1] ?? [])
            codes[row["id"]?.integer ?? -1] = task.id
            let source = row["source_text"]?.text
            let original: Task? = source.flatMap { if case .task(let t) = parse(task.path, $0) { t } else { nil } }
            // The database has no column for it: the file keeps what it says.
            task.publishedAt = original?.publishedAt
            var bytes = QueueFileText.task(task, body: body)
            if let source, let original, let edits = QueueFileText.taskEdits(from: original, to: task),
               let edited = try? FrontMatterEditor.apply(edits, to: Array(source.utf8)) {
                bytes = edited
            }
            out[task.path] = try checked(task.path, bytes, row: "tasks row \(task.id)")
        }
        for row in try db.rows("SELECT * FROM reviews ORDER BY id") {
            let code = row["review_code"]?.text ?? "?"
            guard let taskID = row["task_id"]?.integer, let task = codes[taskID] else {
                throw ChaseError.importRefused("reviews row \(code): task_id names no row of tasks")
            }
            let (review, body) = try reviewValue(row, task: task)
            var bytes = QueueFileText.review(review, body: body)
            if let source = row["source_text"]?.text, case .review(let original) = parse(review.path, source),
               let edited = try? FrontMatterEditor.apply(QueueFileText.reviewEdits(from: original, to: review), to: Array(source.utf8)) {
                bytes = edited
            }
            out[review.path] = try checked(review.path, bytes, row: "reviews row \(code)")
        }
        return out
    }

    /// Writes the files into a work tree; with any conflict and no `force`, writes nothing.
    public static func write(_ files: [String: [UInt8]], into root: String, force: Bool) throws -> Summary {
        var summary = Summary()
        var conflicts: [String] = []
        for path in files.keys.sorted() {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            if let existing = FileManager.default.contents(atPath: url.path) {
                if Array(existing) == files[path]! { summary.unchanged.append(path) } else { conflicts.append(path) }
            }
        }
        if !conflicts.isEmpty, !force {
            let shown = conflicts.prefix(5).joined(separator: ", ") + (conflicts.count > 5 ? " and \(conflicts.count - 5) more" : "")
            throw ChaseError.importRefused("\(shown) already exist\(conflicts.count == 1 ? "s" : "") with other content; nothing was written (pass --force to replace)")
        }
        for path in files.keys.sorted() where !summary.unchanged.contains(path) {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(files[path]!).write(to: url)
            if conflicts.contains(path) { summary.replaced.append(path) } else { summary.written.append(path) }
        }
        return summary
    }

    private static func parse(_ path: String, _ text: String) -> ParsedFile {
        QueueFileParser.parse(path: path, kind: .file, bytes: Array(text.utf8))
    }

    /// The file must read back as a valid task or review: a bad row stops the import, naming it.
    private static func checked(_ path: String, _ bytes: [UInt8], row: String) throws -> [UInt8] {
        if case .invalid(let problems) = QueueFileParser.parse(path: path, kind: .file, bytes: bytes) {
            throw ChaseError.importRefused("\(row): \(problems.first.message)")
        }
        return bytes
    }

    private static func taskValue(_ row: [String: SQLiteValue], dependsOn: [String]) throws -> (Task, String) {
        let code = row["task_code"]?.text ?? ""
        func fail(_ message: String) -> ChaseError { ChaseError.importRefused("tasks row \(code.isEmpty ? "?" : code): \(message)") }
        guard TaskID.isValid(code) else { throw fail("task_code '\(code)' is not PREFIX-NUMBER") }
        guard let title = row["title"]?.text, !title.isEmpty else { throw fail("title is empty") }
        guard let type = row["task_type"]?.text.flatMap(TaskType.init) else { throw fail("task_type '\(row["task_type"]?.text ?? "")' is not a task type") }
        guard let status = row["status"]?.text.flatMap(TaskStatus.init) else { throw fail("status '\(row["status"]?.text ?? "")' is not a status") }
        guard let p = row["priority"]?.integer, let priority = Priority(rawValue: "P\(p)") else { throw fail("priority must be 0 to 3") }
        func date(_ column: String) throws -> Date? {
            guard let text = row[column]?.text else { return nil }
            guard let d = Timestamp.parse(text) else { throw fail(Timestamp.notATime(text, name: column)) }
            return d
        }
        let task = Task(
            path: RepoPath.task(code), id: code, title: title, type: type, contentType: row["content_type"]?.text,
            priority: priority, reviewTier: row["review_tier"]?.integer, status: status, assignee: row["assigned_agent"]?.integer,
            dependsOn: dependsOn, created: try date("created_at"), output: row["output_file"]?.text,
            scheduledAt: try date("scheduled_at"), platform: row["platform"]?.text, revision: row["revision"]?.integer ?? 1,
            escalatedAt: try date("escalated_at"), reviewEscalatedAt: try date("review_escalated_at"),
            platformPostID: row["platform_post_id"]?.text)
        return (task, row["body"]?.text ?? "")
    }

    private static func reviewValue(_ row: [String: SQLiteValue], task: String) throws -> (Review, String) {
        let code = row["review_code"]?.text ?? "?"
        func fail(_ message: String) -> ChaseError { ChaseError.importRefused("reviews row \(code): \(message)") }
        guard let type = row["review_type"]?.text.flatMap(ReviewType.init) else { throw fail("review_type is not canon, cultural or coordinator") }
        guard let status = row["status"]?.text.flatMap(ReviewStatus.init) else { throw fail("status '\(row["status"]?.text ?? "")' is not a review status") }
        guard let reviewer = row["reviewer_agent"]?.integer else { throw fail("reviewer_agent is empty") }
        let requestedText = row["requested_at"]?.text ?? ""
        guard let requested = Timestamp.parse(requestedText) else { throw fail(Timestamp.notATime(requestedText, name: "requested_at")) }
        let revision = row["revision"]?.integer ?? 1
        let id = Review.id(task: task, type: type, revision: revision)
        guard code == id else { throw fail("review_code should be \(id) for its task, type and revision") }
        let review = Review(path: RepoPath.review(id), id: id, task: task, type: type, reviewer: reviewer, status: status,
                            revision: revision, requested: requested, due: row["due_at"]?.text.flatMap(Timestamp.parse),
                            escalatedAt: row["escalated_at"]?.text.flatMap(Timestamp.parse))
        return (review, row["notes"]?.text ?? "")
    }
}
