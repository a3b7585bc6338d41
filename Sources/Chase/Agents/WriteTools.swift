import ChaseCore
import Foundation

/// The tools that write: each decides its file writes against the branch head and hands them to
/// `AgentCommit` (policy first, then one commit as the agent). Edits go through the byte-preserving
/// `FrontMatterEditor`: every byte a tool does not own stays as it was.
enum WriteTools {
    static let all = [startTask, completeTask, blockTask, submitReview, createTask]
    /// The largest output `complete_task` writes.
    static let maxOutput = 1 << 20

    struct WriteAnswer: Encodable {
        var commit: String
        var files: [String]
        var task: QueueAnswers.Item?
        var review: QueueAnswers.ReviewRef?
        var note: String?
    }

    static let taskID = AgentTool.text("The task's id, like CONTENT-010.")

    static let startTask = AgentTool(
        name: "start_task",
        description: "Take one of your tasks: status pending (or blocked, when you are no longer waiting) becomes in_progress, "
            + "and started_at records when (the lease, if the config sets one, runs from then). On a task already in progress "
            + "it renews started_at. One commit as you.",
        properties: ["task_id": taskID], required: ["task_id"], writes: true
    ) { desk, args in
        let id = try ReadTools.taskID(args)
        return try write(desk, task: id) { head, task, bytes in
            guard [.pending, .blocked, .inProgress].contains(task.status) else {
                throw AgentRefusal("\(id) is \(task.status.rawValue); only a pending, blocked or in-progress task can be started")
            }
            if task.status == .blocked, let waiting = task.dependsOn.first(where: { !head.state.isDone($0) }) {
                throw AgentRefusal("\(id) waits for \(waiting), which is not done; the bot unblocks it when it is")
            }
            let edits: [FrontMatterEdit] = [.set("status", TaskStatus.inProgress.rawValue),
                                            .set("started_at", Timestamp.format(desk.clock())),
                                            .remove("blocked_reason"), .remove("waiting_for")]
            let verb = task.status == .inProgress ? "still in progress (lease renewed)" : "started"
            return AgentCommit.Writes(files: [task.path: try edit(bytes, edits)], message: "\(id): \(verb) by \(handle(desk))")
        }
    }

    static let completeTask = AgentTool(
        name: "complete_task",
        description: "Finish one of your tasks: writes `text` as its work product under outputs/ (the task's `output`, or "
            + "outputs/<type>/<ID>.md when it has none) and sets status complete and output. A reviewed task goes to review "
            + "at the next tick. One commit as you.",
        properties: ["task_id": taskID, "text": AgentTool.text("The work product: the file's whole text (Markdown).")],
        required: ["task_id", "text"], writes: true
    ) { desk, args in
        let id = try ReadTools.taskID(args)
        let text = try args.requiredText("text")
        let output = text.hasSuffix("\n") ? Array(text.utf8) : Array((text + "\n").utf8)
        guard output.count <= maxOutput else { throw AgentRefusal("text is \(output.count) bytes; the limit is \(maxOutput)") }
        return try write(desk, task: id) { _, task, bytes in
            guard task.status == .pending || task.status == .inProgress else {
                throw AgentRefusal("\(id) is \(task.status.rawValue); only a pending or in-progress task can be completed")
            }
            let path = task.output ?? "\(RepoPath.outputs)\(task.type.rawValue)/\(id).md"
            var edits: [FrontMatterEdit] = [.set("status", TaskStatus.complete.rawValue)]
            if task.output == nil { edits.append(.set("output", path)) }
            return AgentCommit.Writes(files: [task.path: try edit(bytes, edits), path: output],
                                      message: "\(id): completed by \(handle(desk)) (\(path))")
        }
    }

    static let blockTask = AgentTool(
        name: "block_task",
        description: "Say one of your tasks cannot go on: status blocked, with `blocked_reason` (and `waiting_for`: who or "
            + "what it waits for) in its front matter. start_task takes it up again. One commit as you.",
        properties: ["task_id": taskID, "reason": AgentTool.text("Why it cannot go on (one line)."),
                     "waiting_for": AgentTool.text("Who or what it waits for: a task id, an agent, a person.")],
        required: ["task_id", "reason"], writes: true
    ) { desk, args in
        let id = try ReadTools.taskID(args)
        let reason = oneLine(try args.requiredText("reason"))
        let waiting = try args.text("waiting_for").map(oneLine)
        return try write(desk, task: id) { _, task, bytes in
            guard task.status == .pending || task.status == .inProgress else {
                throw AgentRefusal("\(id) is \(task.status.rawValue); only a pending or in-progress task can be blocked")
            }
            var edits: [FrontMatterEdit] = [.set("status", TaskStatus.blocked.rawValue), .set("blocked_reason", reason)]
            edits.append(waiting.map { .set("waiting_for", $0) } ?? .remove("waiting_for"))
            return AgentCommit.Writes(files: [task.path: try edit(bytes, edits)], message: "\(id): blocked by \(handle(desk)): \(reason)")
        }
    }

    static let submitReview = AgentTool(
        name: "submit_review",
        description: "Answer a review you are the reviewer of: `verdict` becomes its status, and `notes` go under the file's "
            + "## Notes. Notes are required to send work back. One commit as you.",
        properties: [
            "review_id": AgentTool.text("The review's id: its file name without .md, like CONTENT-010.cultural."),
            "verdict": AgentTool.choice("Your verdict.", ["approved", "changes_requested", "rejected"]),
            "notes": AgentTool.text("What you found; for changes_requested, what to change."),
        ],
        required: ["review_id", "verdict", "notes"], writes: true
    ) { desk, args in
        let id = try args.requiredText("review_id")
        guard let verdict = try args.choice("verdict", ReviewStatus.self), [.approved, .changesRequested, .rejected].contains(verdict) else {
            throw AgentRefusal("verdict must be approved, changes_requested or rejected")
        }
        let notes = (try args.text("notes") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if verdict.sendsBack, notes.isEmpty { throw AgentRefusal("notes must say why when the verdict is \(verdict.rawValue)") }
        let done = try AgentCommit(desk: desk).commit { head in
            guard let review = head.state.reviews[id] else { throw AgentRefusal("no review \(id) (see my_work for yours)") }
            guard review.reviewer == desk.agent else {
                throw AgentRefusal("\(id) is agent \(ChangePolicy.two(review.reviewer))'s to answer, not yours")
            }
            guard review.status == .pending else { throw AgentRefusal("\(id) is already \(review.status.rawValue)") }
            guard let bytes = try head.bytes(review.path) else { throw AgentRefusal("no review \(id)") }
            var file = try edit(bytes, [.set("status", verdict.rawValue)])
            file += notesBlock(notes, after: file)
            return AgentCommit.Writes(files: [review.path: file], message: "\(id): \(verdict.rawValue) by \(handle(desk))")
        }
        let review = try desk.snapshot().state.reviews[id]
        return try AgentJSON.encode(WriteAnswer(commit: done.commit, files: done.files, review: review.map(QueueAnswers.ReviewRef.init),
                                                note: done.note))
    }

    static let createTask = AgentTool(
        name: "create_task",
        description: "Plan new work (agents whose config says `plans: true`; the coordinator by default): writes "
            + "queue/<PREFIX>-<next number>.md, status pending; the bot routes it at the next tick unless you name an assignee.",
        properties: [
            "title": AgentTool.text("What is to be done (one line)."),
            "type": AgentTool.choice("The kind of work.", TaskType.allCases.map(\.rawValue)),
            "content_type": AgentTool.text("For content: tweet, thread, discord, banner, novel, … (routes it)."),
            "priority": AgentTool.choice("P0 (most urgent) to P3; default P2.", Priority.allCases.map(\.rawValue)),
            "review_tier": AgentTool.integer("1 to 3, for content; default from the config."),
            "depends_on": AgentTool.list("Ids of tasks that must be done first."),
            "brief": AgentTool.text("The brief: the file's body (Markdown)."),
            "output": AgentTool.text("Where the work product goes, a path under outputs/."),
            "scheduled_at": AgentTool.text("When to publish, ISO 8601 UTC like 2026-01-10T00:00:00Z."),
            "platform": AgentTool.text("Where to publish, like twitter."),
            "assignee": AgentTool.integer("The agent to do it (default: the router picks)."),
            "prefix": AgentTool.text("The id's prefix (default: the type in capitals, like CONTENT)."),
        ],
        required: ["title", "type"], writes: true
    ) { desk, args in
        let title = oneLine(try args.requiredText("title"))
        guard let type = try args.choice("type", TaskType.self) else { throw AgentRefusal("type is required") }
        let request = NewTaskFile.Request(
            title: title, type: type, contentType: try args.text("content_type").map(oneLine),
            priority: try args.choice("priority", Priority.self) ?? .p2, dependsOn: try args.list("depends_on"),
            reviewTier: try args.integer("review_tier"), body: try args.text("brief") ?? "")
        var edits: [FrontMatterEdit] = []
        if let output = try args.text("output") {
            guard RepoPath.isSafeOutput(output) else { throw AgentRefusal("output '\(output)' must be a path inside outputs/") }
            edits.append(.set("output", output))
        }
        if let at = try args.text("scheduled_at") {
            guard let date = Timestamp.parse(at) else { throw AgentRefusal("scheduled_at '\(at)' is not an ISO 8601 time") }
            edits.append(.set("scheduled_at", Timestamp.format(date)))
        }
        if let platform = try args.text("platform") { edits.append(.set("platform", oneLine(platform))) }
        if let assignee = try args.integer("assignee") { edits.append(.set("assignee", String(assignee))) }
        let prefix = try args.text("prefix") ?? NewTaskFile.prefix(for: type)
        guard TaskID.isValid("\(prefix)-1") else {
            throw AgentRefusal("prefix '\(prefix)' must be capital letters and digits, starting with a letter (like CONTENT)")
        }
        var created = ""
        let done = try AgentCommit(desk: desk).commit { head in
            guard let me = head.config.agent(desk.agent), me.plans else {
                throw AgentRefusal("agent \(ChangePolicy.two(desk.agent)) may not create tasks; the config gives that to agents with plans: true")
            }
            if let assignee = request.dependsOn.isEmpty ? nil : request.dependsOn.first(where: { head.state.tasks[$0] == nil }) {
                throw AgentRefusal("depends_on names \(assignee), which is not a task")
            }
            let taken = Array(head.state.tasks.keys) + head.state.invalid.keys.filter { $0.hasPrefix(RepoPath.queue) }.map(RepoPath.stem)
            let id = NewTaskFile.nextID(prefix: prefix, taken: taken)
            let bytes: [UInt8]
            switch NewTaskFile.text(id: id, request) {
            case .success(let b): bytes = b
            case .failure(let problems): throw AgentRefusal(problems.all.map(\.message).joined(separator: "; "))
            }
            created = id
            return AgentCommit.Writes(files: [RepoPath.task(id): try edit(bytes, edits)], message: "\(id): created by \(handle(desk))")
        }
        let task = try desk.snapshot().state.tasks[created]
        return try AgentJSON.encode(WriteAnswer(commit: done.commit, files: done.files, task: task.map(QueueAnswers.Item.init), note: done.note))
    }

    /// A write to one of the agent's own tasks: found at the head, assigned to this agent, then `decide`.
    static func write(_ desk: AgentDesk, task id: String,
                      _ decide: @escaping (AgentCommit.Head, Task, [UInt8]) throws -> AgentCommit.Writes) throws -> String {
        let done = try AgentCommit(desk: desk).commit { head in
            guard let task = head.state.tasks[id] else {
                if head.state.invalid[RepoPath.task(id)] != nil { throw AgentRefusal("\(RepoPath.task(id)) is not a valid task; fix it first") }
                throw AgentRefusal("no task \(id)")
            }
            guard task.assignee == desk.agent else {
                let owner = task.assignee.map { "assigned to agent \(ChangePolicy.two($0))" } ?? "not assigned yet (the bot routes it at the next tick)"
                throw AgentRefusal("\(id) is \(owner), not to you")
            }
            guard let bytes = try head.bytes(task.path) else { throw AgentRefusal("no task \(id)") }
            return try decide(head, task, bytes)
        }
        let task = try desk.snapshot().state.tasks[id]
        return try AgentJSON.encode(WriteAnswer(commit: done.commit, files: done.files, task: task.map(QueueAnswers.Item.init), note: done.note))
    }

    static func edit(_ bytes: [UInt8], _ edits: [FrontMatterEdit]) throws -> [UInt8] {
        do {
            return try FrontMatterEditor.apply(edits, to: bytes)
        } catch {
            throw AgentRefusal("the file cannot be edited safely: \(error.description)")
        }
    }

    /// The bytes to append so `notes` sit under the file's `## Notes` heading (added when missing).
    static func notesBlock(_ notes: String, after file: [UInt8]) -> [UInt8] {
        guard !notes.isEmpty else { return [] }
        let text = String(decoding: file, as: UTF8.self)
        var out = text.hasSuffix("\n") || text.isEmpty ? "" : "\n"
        let hasHeading = text.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.trimmingCharacters(in: .whitespaces) == "## Notes" }
        if !hasHeading { out += "\n## Notes\n" }
        out += notes + "\n"
        return Array(out.utf8)
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    static func handle(_ desk: AgentDesk) -> String { "agent-\(ChangePolicy.two(desk.agent))" }
}
