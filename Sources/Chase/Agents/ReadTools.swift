import ChaseCore
import Foundation

/// The tools that only read: the agent's work, one task or review in full, the board, a search.
enum ReadTools {
    static let all = [myWork, getTask, getReview, queueStatus, searchTasks]

    static let cursor = AgentTool.text("Where the page starts: next_cursor of the previous page (omit for the first).")

    static let myWork = AgentTool(
        name: "my_work",
        description: "Your ordered work, as `chase next` gives it: your pending and in-progress tasks and the reviews you owe, "
            + "most urgent first (priority, then SLA deadline, then age), each with id, title, status and deadline. Paged.",
        properties: ["cursor": cursor], writes: false
    ) { desk, args in
        let snapshot = try desk.snapshot()
        let items = WorkList.items(for: desk.agent, in: snapshot.state, config: snapshot.config).map(QueueAnswers.Item.init)
        return try AgentJSON.encode(AnswerPaging.page(items, cursor: try args.text("cursor")))
    }

    struct TaskAnswer: Encodable {
        var id: String
        var path: String
        var front_matter: [String: QueueAnswers.FieldValue]
        var body: QueueAnswers.Body
        var output: QueueAnswers.Output?
        var reviews: [QueueAnswers.ReviewRef]
        var dependencies: [QueueAnswers.Dependency]
        var recent_events: [QueueAnswers.EventRef]
        /// Why the file is not a valid task (it is shown as it is).
        var problems: [String]?
    }

    static let getTask = AgentTool(
        name: "get_task",
        description: "One task in full: its front matter as JSON, its body (the brief), its output's path and text, its reviews, "
            + "its dependencies and their states, and the recent events about it.",
        properties: ["task_id": AgentTool.text("The task's id, like CONTENT-010.")], required: ["task_id"], writes: false
    ) { desk, args in
        let id = try taskID(args)
        let snapshot = try desk.snapshot()
        let path = RepoPath.task(id)
        guard let bytes = try snapshot.fileBytes(path) else { throw AgentRefusal("no task \(id) (\(path) does not exist)") }
        let fm: FrontMatter
        do { fm = try FrontMatter.parse(bytes) } catch {
            throw AgentRefusal("\(path) does not parse: \(error)")
        }
        let task = snapshot.state.tasks[id]
        let reviews = snapshot.state.reviews.values.filter { $0.task == id }
            .sorted { ($0.revision, $0.id) < ($1.revision, $1.id) }.map(QueueAnswers.ReviewRef.init)
        let deps = (task?.dependsOn ?? []).map { dep in
            QueueAnswers.Dependency(id: dep, status: snapshot.state.tasks[dep]?.status.rawValue ?? "missing",
                                    done: snapshot.state.isDone(dep))
        }
        let answer = TaskAnswer(
            id: id, path: path, front_matter: QueueAnswers.frontMatter(fm), body: QueueAnswers.body(fm),
            output: try QueueAnswers.output(task?.output, snapshot), reviews: reviews, dependencies: deps,
            recent_events: try QueueAnswers.recentEvents(id, snapshot),
            problems: snapshot.state.invalid[path].map { $0.all.map(\.message) })
        return try AgentJSON.encode(answer)
    }

    struct ReviewAnswer: Encodable {
        var id: String
        var path: String
        var front_matter: [String: QueueAnswers.FieldValue]
        var body: QueueAnswers.Body
        var task: QueueAnswers.Item?
        /// The work under review.
        var output: QueueAnswers.Output?
        /// The other reviews of the same round.
        var round: [QueueAnswers.ReviewRef]
        var you_may_answer: Bool
    }

    static let getReview = AgentTool(
        name: "get_review",
        description: "One review in full: its front matter as JSON, its body, the task it reviews, the work under review "
            + "(the output's path and text), the other reviews of the round, and whether you may answer it.",
        properties: ["review_id": AgentTool.text("The review's id: its file name without .md, like CONTENT-010.cultural.")],
        required: ["review_id"], writes: false
    ) { desk, args in
        let id = try args.requiredText("review_id")
        let snapshot = try desk.snapshot()
        guard let review = snapshot.state.reviews[id] else { throw AgentRefusal("no review \(id) (see my_work for yours)") }
        guard let bytes = try snapshot.fileBytes(review.path) else { throw AgentRefusal("no review \(id)") }
        let fm: FrontMatter
        do { fm = try FrontMatter.parse(bytes) } catch { throw AgentRefusal("\(review.path) does not parse: \(error)") }
        let task = snapshot.state.tasks[review.task]
        let round = snapshot.state.reviews(of: review.task, revision: review.revision).filter { $0.id != id }
            .sorted { $0.id < $1.id }.map(QueueAnswers.ReviewRef.init)
        let answer = ReviewAnswer(
            id: id, path: review.path, front_matter: QueueAnswers.frontMatter(fm), body: QueueAnswers.body(fm),
            task: task.map(QueueAnswers.Item.init), output: try QueueAnswers.output(task?.output, snapshot), round: round,
            you_may_answer: review.reviewer == desk.agent && review.status == .pending && task?.assignee != desk.agent)
        return try AgentJSON.encode(answer)
    }

    static let queueStatus = AgentTool(
        name: "queue_status",
        description: "The board, as `chase status --json` gives it, bounded: task counts by status, each agent's load against "
            + "its capacity (with a few task ids per status), and the first pending reviews, SLA breaches, blocked tasks and invalid files.",
        properties: [:], writes: false
    ) { desk, _ in
        let snapshot = try desk.snapshot()
        let board = StatusBoard.build(snapshot.state, config: snapshot.config, now: desk.clock())
        return try AgentJSON.encode(BoundedBoard(board))
    }

    static let searchTasks = AgentTool(
        name: "search_tasks",
        description: "Tasks whose id or title contains `text` (any case), with the given status, type and assignee; all given "
            + "filters apply. Sorted by id, paged.",
        properties: [
            "text": AgentTool.text("Words the id or title contains."),
            "status": AgentTool.choice("The task's status.", TaskStatus.allCases.map(\.rawValue)),
            "type": AgentTool.choice("The task's type.", TaskType.allCases.map(\.rawValue)),
            "assignee": AgentTool.integer("The assigned agent's number."),
            "cursor": cursor,
        ], writes: false
    ) { desk, args in
        let text = try args.text("text")?.lowercased()
        let status = try args.choice("status", TaskStatus.self)
        let type = try args.choice("type", TaskType.self)
        let assignee = try args.integer("assignee")
        let cursorText = try args.text("cursor")
        let snapshot = try desk.snapshot()
        let found = snapshot.state.tasks.values.filter { t in
            (status == nil || t.status == status) && (type == nil || t.type == type) && (assignee == nil || t.assignee == assignee)
                && (text.map { t.id.lowercased().contains($0) || t.title.lowercased().contains($0) } ?? true)
        }.sorted { $0.id < $1.id }.map(QueueAnswers.Item.init)
        return try AgentJSON.encode(AnswerPaging.page(found, cursor: cursorText))
    }

    /// A task id argument, checked before it names a file.
    static func taskID(_ args: ToolArguments) throws -> String {
        let id = try args.requiredText("task_id")
        guard TaskID.isValid(id) else { throw AgentRefusal("task_id '\(id)' is not a task id like CONTENT-010") }
        return id
    }
}

/// `chase status --json` cut to a bounded size: every count, but at most a few ids per agent and
/// status and the first entries of each list, with the full totals.
struct BoundedBoard: Encodable {
    static let idsPerStatus = 10
    static let listLimit = 50

    struct AgentRow: Encodable {
        var agent: Int?
        var name: String
        var load: Int
        var capacity: Int?
        var counts: [String: Int]
        var tasks: [String: [String]]
    }

    var now: Date
    var counts: [String: Int]
    var agents: [AgentRow]
    var reviews: [StatusBoard.PendingReview]
    var reviews_total: Int
    var breaches: [SLARisk]
    var breaches_total: Int
    var blocked: [StatusBoard.BlockedTask]
    var blocked_total: Int
    var invalid: [FileProblem]
    var invalid_total: Int

    init(_ board: StatusBoard) {
        now = board.now
        counts = board.counts
        agents = board.agents.prefix(120).map { row in
            AgentRow(agent: row.agent, name: row.name, load: row.load, capacity: row.capacity,
                     counts: row.tasks.mapValues(\.count), tasks: row.tasks.mapValues { Array($0.prefix(Self.idsPerStatus)) })
        }
        reviews = Array(board.reviews.prefix(Self.listLimit)); reviews_total = board.reviews.count
        breaches = Array(board.breaches.prefix(Self.listLimit)); breaches_total = board.breaches.count
        blocked = board.blocked.prefix(Self.listLimit).map { b in
            var b = b
            b.waitsFor = Array(b.waitsFor.prefix(20)); b.chain = Array(b.chain.prefix(20))
            return b
        }
        blocked_total = board.blocked.count
        invalid = board.invalid.prefix(Self.listLimit).map { p in
            var p = p
            p.message = AnswerPaging.clip(p.message, 500).0
            return p
        }
        invalid_total = board.invalid.count
    }
}
