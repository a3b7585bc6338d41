import ChaseCore
import Foundation
import SeededRandom

/// A generated work queue in the shapes of a real one: tasks of every type in every status, the
/// reviews of the reviewed ones, some work products, and the irregularities people and agents
/// leave (comments, unknown keys, CRLF, a byte order mark, quoted and unquoted titles, flow and block
/// dependency lists, and now and then a value libyaml refuses). It is *settled*: as the bot leaves
/// it after its tick, so a tick on it has nothing to write, and the benchmark measures reading.
/// Its shape is that of an old queue (`.settled`: nearly everything done) or of a team behind on
/// its work (`.backlog`: most tasks waiting), the case that gives the rules the most to look at.
struct Corpus {
    enum Shape: String, CaseIterable {
        /// The newest twentieth of the tasks open, the rest done.
        case settled
        /// Seven tenths open: tasks waiting for agents who are all at capacity, long chains of
        /// blocked tasks, reviews pending with their SLAs running.
        case backlog
    }

    var rng: SeededRandom
    var tasks: [TaskDraft] = []
    var index: [String: Int] = [:]
    var reviews: [String: ReviewDraft] = [:]
    var outputs: [String: [UInt8]] = [:]
    private var counters: [TaskType: Int] = [:]

    static let hour: TimeInterval = 3600

    init(seed: UInt64) { rng = SeededRandom(seed: seed) }

    // MARK: - The vocabulary

    static let contentTypes: [(type: String, agent: Int, platform: String?, folder: String)] = [
        ("tweet", 2, "twitter", "tweets"), ("thread", 2, "twitter", "threads"), ("discord", 3, "discord", "discord"),
        ("event", 3, "discord", "events"), ("community", 3, "discord", "community"), ("banner", 4, "ingame", "banners"),
        ("gacha", 4, "ingame", "gacha"), ("seasonal", 4, "ingame", "seasonal"), ("novel", 7, nil, "novels"),
        ("chapter", 7, nil, "novels"), ("story", 7, nil, "stories"),
    ]
    static let prefixes: [TaskType: String] = [.content: "CONTENT", .lore: "LORE", .asset: "ASSET", .analytics: "ANALYTICS", .ops: "OPS"]
    static let agents: [TaskType: Int] = [.lore: 1, .asset: 6, .analytics: 5, .ops: 0]
    static let subjects = ["Ika", "Senpai", "the New Year banner", "Fan Art Week", "the v2.3 patch", "the city skyline",
                           "the lantern festival", "the summer event", "the rooftop garden", "the rival club", "the first sunrise",
                           "the mystery note", "the rehearsal", "the livestream", "the spring outfit", "the anniversary"]
    static let verbs = ["Create", "Draft", "Announce", "Tease", "Recap", "Write", "Plan", "Design", "Review", "Polish"]
    static let things: [TaskType: [String]] = [
        .content: ["personality tweet", "teaser thread", "Discord announcement", "event schedule", "banner copy",
                   "chapter", "short story", "countdown post", "patch notes", "community spotlight"],
        .lore: ["lore drop", "character sheet", "timeline entry", "world note"],
        .asset: ["key visual", "audio jingle", "icon set", "promo video storyboard"],
        .analytics: ["weekly engagement report", "campaign retrospective", "sentiment summary"],
        .ops: ["Rotate the publishing API credentials", "Renew the CDN certificate", "Archive last season's drafts",
               "Update the posting calendar"],
    ]
    static let words = ["the", "post", "should", "land", "before", "the", "weekend", "and", "keep", "the", "tone", "playful",
                        "with", "one", "emoji", "at", "most", "mention", "the", "previous", "arc", "check", "names", "against",
                        "the", "style", "guide", "deliver", "crops", "for", "mobile", "and", "desktop", "link", "the", "brief",
                        "ask", "the", "fans", "a", "question", "avoid", "spoilers", "for", "chapter", "five"]

    // MARK: - Tasks

    mutating func nextID(_ type: TaskType) -> String {
        let n = (counters[type] ?? 0) + 1
        counters[type] = n
        let digits = String(n)
        return "\(Corpus.prefixes[type]!)-\(String(repeating: "0", count: max(0, 3 - digits.count)) + digits)"
    }

    mutating func title(_ type: TaskType, number: Int) -> (text: String, needsQuotes: Bool) {
        if type == .ops { return (rng.pick(Corpus.things[.ops]!), false) }
        if rng.chance(2) {
            // Non-ASCII titles: a curly apostrophe, or Japanese.
            return (rng.chance(50) ? "Ika’s café tweet for the \(rng.pick(Corpus.subjects))" : "イカの新年ツイート \(number)", false)
        }
        let base = "\(rng.pick(Corpus.verbs)) \(rng.pick(Corpus.subjects)) \(rng.pick(Corpus.things[type]!))"
        switch rng.below(4) {
        case 0: return ("\(base) #\(number % 40 + 1)", true)       // a '#' needs quotes
        case 1: return ("\(rng.pick(Corpus.subjects).capitalized): \(base.lowercased())", true)  // so does ': '
        default: return (base, false)
        }
    }

    mutating func body(lines: Int) -> String {
        var out = ""
        for i in 0..<lines {
            let count = 6 + rng.below(10)
            var words: [String] = []
            for _ in 0..<count { words.append(rng.pick(Corpus.words)) }
            let sentence = words.joined(separator: " ")
            out += (i == 0 ? sentence.prefix(1).uppercased() + sentence.dropFirst() + "." : "- " + sentence) + "\n"
            if i == 0 { out += "\n" }
        }
        return out
    }

    /// A new task of `type` (nil: drawn from the realistic mix) created at `created`.
    mutating func makeTask(type: TaskType? = nil, status: TaskStatus, created: Date?, now: Date) -> TaskDraft {
        let type = type ?? [TaskType.content, .lore, .asset, .analytics, .ops][rng.weighted([60, 10, 12, 10, 8])]
        let id = nextID(type)
        let number = counters[type]!
        let (title, needsQuotes) = self.title(type, number: number)
        var t = TaskDraft(id: id, title: title, type: type, priority: [.p0, .p1, .p2, .p3][rng.weighted([2, 18, 55, 25])],
                          status: status, created: created, body: body(lines: 2 + rng.below(7)))
        let slug = id.lowercased()
        if type == .content {
            let ct = Corpus.contentTypes[rng.weighted([30, 10, 12, 8, 5, 6, 4, 3, 4, 10, 8])]
            t.contentType = ct.type
            t.assignee = ct.agent
            t.platform = ct.platform
            t.output = "outputs/content/\(ct.folder)/\(slug).md"
            t.tier = rng.chance(10) ? nil : [1, 2, 3][rng.weighted([20, 60, 20])]
        } else {
            t.assignee = Corpus.agents[type]
            switch type {
            case .lore: t.output = "outputs/lore/\(slug).md"
            case .asset: t.output = rng.chance(50) ? "outputs/assets/visual/\(slug).png" : "outputs/assets/audio/\(slug).md"
            case .analytics: t.output = "outputs/analytics/\(slug).md"
            default: break
            }
        }
        t.order = rng.below(TaskDraft.orders.count)
        t.quoteTitle = needsQuotes || rng.chance(40)
        t.singleQuoteTitle = !needsQuotes && rng.chance(2)
        if rng.chance(20) {
            t.comment = (rng.pick(["status", "priority", "review_tier", "assignee"]),
                         rng.pick(["post as soon as approved", "established series", "see the brief below", "agreed in standup"]))
        }
        if rng.chance(3) { t.headerComment = "imported from the old tracker" }
        if rng.chance(15) {
            t.unknownKeys.append(rng.pick([("campaign", "new-year-2026"), ("estimate", "3h"), ("labels", "[launch, social]"),
                                           ("notes", "\"ask agent 00 before posting\"")]))
        }
        t.crlf = rng.chance(3)
        t.bom = rng.chance(0.5)
        _ = now
        return t
    }

    mutating func add(_ task: TaskDraft) {
        index[task.id] = tasks.count
        tasks.append(task)
    }

    func task(_ id: String) -> TaskDraft { tasks[index[id]!] }

    // MARK: - Reviews

    static func stages(tier: Int) -> [[ReviewType]] {
        switch tier {
        case 1: return [[.canon, .cultural], [.coordinator]]
        case 3: return [[.coordinator]]
        default: return [[.cultural], [.coordinator]]
        }
    }

    static let reviewers: [ReviewType: Int] = [.canon: 8, .cultural: 9, .coordinator: 0]
    static let reviewSLA: [Int: [ReviewType: TimeInterval]] = [
        1: [.canon: 2 * hour, .cultural: 2 * hour, .coordinator: 0.5 * hour],
        2: [.cultural: 1 * hour, .coordinator: 0.5 * hour], 3: [.coordinator: 0.25 * hour],
    ]
    static let totalReviewSLA: [Int: TimeInterval] = [1: 4 * hour, 2: 2 * hour, 3: 0.5 * hour]
    static let openSLA: [Priority: TimeInterval] = [.p0: 24 * hour, .p1: 72 * hour]

    mutating func review(of t: TaskDraft, _ type: ReviewType, status: ReviewStatus, revision: Int, requested: Date, now: Date) -> ReviewDraft {
        let tier = t.tier ?? 2
        let limit = Corpus.reviewSLA[tier]?[type]
        var r = ReviewDraft(task: t.id, taskTitle: t.title, type: type, reviewer: Corpus.reviewers[type]!, status: status,
                            revision: revision, requested: requested, due: limit.map { requested.addingTimeInterval($0) },
                            output: t.output, crlf: rng.chance(1))
        if status == .pending, let limit, now.timeIntervalSince(requested) > limit {
            r.escalatedAt = requested.addingTimeInterval(limit + 300)
        }
        if status != .pending && status != .closed {
            r.notes = [rng.pick(["Looks good.", "Approved; names checked against the style guide.", "Fine for the fans.",
                                 "Please fix the second line.", "Tone is off for this arc."])]
        }
        return r
    }

    /// Reviews of a task that finished its rounds: every stage approved (with an earlier round sent
    /// back now and then).
    mutating func finishedReviews(_ t: inout TaskDraft, now: Date) {
        let start = (t.created ?? now).addingTimeInterval(2 * Corpus.hour)
        let stages = Corpus.stages(tier: t.tier ?? 2)
        if rng.chance(5) {
            for (i, type) in stages[0].enumerated() {
                put(review(of: t, type, status: i == 0 ? .changesRequested : .closed, revision: 1, requested: start, now: now))
            }
            t.revision = 2
        }
        for type in stages.joined() {
            put(review(of: t, type, status: .approved, revision: t.revision, requested: start, now: now))
        }
    }

    /// Reviews of a task in review: part of its round done, the rest pending; SLA breaches already
    /// recorded, as the bot would have.
    mutating func openReviews(_ t: inout TaskDraft, now: Date, requestedAt: Date? = nil) {
        let requested = requestedAt ?? (t.created ?? now).addingTimeInterval(2 * Corpus.hour)
        let stages = Corpus.stages(tier: t.tier ?? 2)
        let stageIndex = stages.count > 1 && rng.chance(40) ? 1 : 0
        for (s, stage) in stages.enumerated() where s <= stageIndex {
            for type in stage {
                let done = s < stageIndex || (stage.count > 1 && type == stage[0] && rng.chance(50))
                put(review(of: t, type, status: done ? .approved : .pending, revision: 1, requested: requested, now: now))
            }
        }
        if let total = Corpus.totalReviewSLA[t.tier ?? 2], now.timeIntervalSince(requested) > total {
            t.reviewEscalatedAt = requested.addingTimeInterval(total + 300)
        }
    }

    mutating func put(_ review: ReviewDraft) { reviews[review.path] = review }

    // MARK: - The initial queue

    /// `count` tasks created one every `step` seconds up to two hours before `now`; the newest
    /// twentieth is still open, the rest is done.
    mutating func populate(count: Int, now: Date, step: TimeInterval = 1200) {
        let start = now.addingTimeInterval(-2 * Corpus.hour - Double(count) * step)
        let openFrom = count - max(20, count / 20)
        var openIDs: [String] = []
        for i in 0..<count {
            let created = start.addingTimeInterval(Double(i) * step)
            var t = makeTask(status: .pending, created: created, now: now)
            if i < openFrom {
                t.status = t.type == .content
                    ? [TaskStatus.published, .approved, .cancelled][rng.weighted([80, 10, 10])]
                    : [TaskStatus.complete, .cancelled][rng.weighted([90, 10])]
                if rng.chance(10), !tasks.isEmpty {
                    t.dependsOn = [tasks[max(0, tasks.count - 1 - rng.below(200))].id]
                }
                if t.status == .published || t.status == .approved {
                    if t.status == .published {
                        t.scheduledAt = created.addingTimeInterval(24 * Corpus.hour)
                        t.postID = String(1_877_000_000_000_000_000 + UInt64(i))
                    }
                    finishedReviews(&t, now: now)
                }
                if rng.chance(0.2) { t.brokenAssignee = true }
                if t.output != nil, t.output!.hasSuffix(".md"), rng.chance(10) {
                    outputs[t.output!] = Array("# \(t.title)\n\n\(body(lines: 3))".utf8)
                }
            } else {
                let choice = t.type == .content ? rng.weighted([25, 20, 10, 20, 15, 10]) : rng.weighted([30, 30, 15, 0, 0, 25])
                switch choice {
                case 0:
                    t.status = .pending
                    if rng.chance(10), let done = tasks.last(where: { $0.status == .published || $0.status == .complete }) {
                        t.dependsOn = [done.id]
                    }
                case 1: t.status = .inProgress
                case 2:
                    if let dep = openIDs.last.map(task), dep.status == .pending || dep.status == .inProgress {
                        t.status = .blocked
                        t.dependsOn = [dep.id]
                    } else {
                        t.status = .inProgress
                    }
                case 3:
                    t.status = .inReview
                    openReviews(&t, now: now)
                case 4:
                    t.status = .scheduled
                    t.scheduledAt = now.addingTimeInterval(Double(1 + rng.below(240)) * Corpus.hour)
                    finishedReviews(&t, now: now)
                case 5:
                    if t.type == .content {
                        t.status = .published
                        t.scheduledAt = created.addingTimeInterval(Corpus.hour)
                        t.postID = String(1_877_000_000_000_000_000 + UInt64(i))
                        finishedReviews(&t, now: now)
                    } else {
                        t.status = .complete
                    }
                default: break
                }
                if t.status.isOpen, let limit = Corpus.openSLA[t.priority], now.timeIntervalSince(created) > limit {
                    t.escalatedAt = created.addingTimeInterval(limit + 300)
                }
                if t.status == .pending || t.status == .inProgress { openIDs.append(t.id) }
            }
            t.blockDependsOn = !t.dependsOn.isEmpty && rng.chance(30)
            add(t)
        }
    }

    /// `count` tasks in the backlog shape: the oldest three tenths done (as `populate` leaves
    /// them), the rest open: pending (two fifths of them unassigned, waiting for an agent with room;
    /// every agent is far over `max_concurrent`), blocked in long chains (each blocked task depends
    /// on the last task of one of `count / 400` chains, which starts at a pending or in-progress
    /// task), in progress, in review (most of them with the SLAs of their pending reviews still
    /// running) and scheduled. Open tasks were created in the last week, so the open-task SLAs of
    /// some run too; the breached ones are recorded, as the bot leaves them.
    mutating func populateBacklog(count: Int, now: Date, step: TimeInterval = 1200) {
        let start = now.addingTimeInterval(-2 * Corpus.hour - Double(count) * step)
        let openFrom = count * 3 / 10
        var chains: [String] = []
        let chainCount = max(5, count / 400)
        var doneIDs: [String] = []
        for i in 0..<count {
            var created = start.addingTimeInterval(Double(i) * step)
            // The file libyaml refuses is a finished task's, as in the settled shape, and no task
            // depends on it: a dependency that does not parse is reported with its dependants.
            let broken = i < openFrom && rng.chance(0.2)
            if i >= openFrom { created = now.addingTimeInterval(-Double(rng.below(7 * 24 * 60)) * 60 - Corpus.hour) }
            var t = makeTask(status: .pending, created: created, now: now)
            if i < openFrom {
                t.status = t.type == .content
                    ? [TaskStatus.published, .approved, .cancelled][rng.weighted([80, 10, 10])]
                    : [TaskStatus.complete, .cancelled][rng.weighted([90, 10])]
                if t.status == .published || t.status == .approved {
                    if t.status == .published {
                        t.scheduledAt = created.addingTimeInterval(24 * Corpus.hour)
                        t.postID = String(1_877_000_000_000_000_000 + UInt64(i))
                    }
                    finishedReviews(&t, now: now)
                }
                if t.status != .cancelled, !broken { doneIDs.append(t.id) }
            } else {
                let choice = t.type == .content ? rng.weighted([35, 25, 10, 25, 5]) : rng.weighted([45, 35, 20, 0, 0])
                switch choice {
                case 0, 2:
                    t.status = choice == 0 ? .pending : .inProgress
                    if choice == 0, rng.chance(40) { t.assignee = nil }
                    if choice == 0, rng.chance(10), let done = doneIDs.last { t.dependsOn = [done] }
                    if chains.count < chainCount { chains.append(t.id) }
                case 1:
                    guard !chains.isEmpty else {
                        t.status = .pending
                        chains.append(t.id)
                        break
                    }
                    let c = rng.below(chains.count)
                    t.status = .blocked
                    t.dependsOn = [chains[c]]
                    if rng.chance(20), !doneIDs.isEmpty { t.dependsOn.append(rng.pick(doneIDs)) }
                    chains[c] = t.id
                case 3:
                    t.status = .inReview
                    // Most reviews asked for within their SLA (which still runs), the rest long ago.
                    let running = rng.chance(70)
                    let requested = running ? now.addingTimeInterval(-Double(rng.below(12)) * 60) : created
                    openReviews(&t, now: now, requestedAt: requested)
                default:
                    t.status = .scheduled
                    t.scheduledAt = now.addingTimeInterval(Double(1 + rng.below(240)) * Corpus.hour)
                    finishedReviews(&t, now: now)
                }
                if t.status.isOpen, let limit = Corpus.openSLA[t.priority], now.timeIntervalSince(created) > limit {
                    t.escalatedAt = created.addingTimeInterval(limit + 300)
                }
            }
            t.brokenAssignee = broken
            t.blockDependsOn = !t.dependsOn.isEmpty && rng.chance(30)
            add(t)
        }
    }

    mutating func populate(count: Int, now: Date, shape: Shape) {
        switch shape {
        case .settled: populate(count: count, now: now)
        case .backlog: populateBacklog(count: count, now: now)
        }
    }

    /// Every file of the queue, by path.
    func files() -> [String: [UInt8]] {
        var out = outputs
        for t in tasks { out[t.path] = t.render() }
        for r in reviews.values { out[r.path] = r.render() }
        return out
    }
}
