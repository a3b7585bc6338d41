/// Reviews by tier for content tasks (DESIGN.md "Reviews"): when a content task is complete, the
/// bot requests the first stage of its tier's reviews, the next stage once all of one approve, and
/// marks it approved (then scheduled, when it has `scheduled_at`) after the last, recording what it
/// approved (`ApprovedContent`). A review asking
/// for changes, or rejecting, sends the task back to `in_progress` with the next revision and
/// closes the round's open reviews; completing it again starts a new round. A cancelled task's
/// open reviews are closed too: nobody owes them any more.
public enum Reviews {
    public static func apply(_ ws: inout Workspace) {
        let config = ws.context.config
        for review in ws.state.pendingReviews.sorted(by: { $0.id < $1.id })
        where ws.state.tasks[review.task]?.status == .cancelled {
            ws.update(review: review.id) { $0.status = .closed }
        }
        let candidates = ws.state.contentTasks(withStatus: .complete, .inReview)
            .sorted { $0.id < $1.id }
        for task in candidates {
            let tier = config.tier(of: task)
            guard let stages = config.tiers[tier]?.stages else { continue }
            let round = ws.state.reviews(of: task.id, revision: task.revision)
            if let verdict = round.first(where: { $0.status.sendsBack }) {
                sendBack(task, round: round, because: verdict, in: &ws)
                continue
            }
            advance(task, tier: tier, stages: stages, round: round, in: &ws)
        }
    }

    private static func sendBack(_ task: Task, round: [Review], because verdict: Review, in ws: inout Workspace) {
        for review in round where review.status == .pending {
            ws.update(review: review.id) { $0.status = .closed }
        }
        let next = task.revision + 1
        ws.update(task: task.id) {
            $0.status = .inProgress
            $0.revision = next
        }
        ws.emit(.taskStarted, subject: task.id, task: task.id, payload: [
            "revision": String(next), "reason": "\(verdict.id) \(verdict.status.rawValue)",
        ])
    }

    private static func advance(_ task: Task, tier: Int, stages: [[ReviewType]], round: [Review], in ws: inout Workspace) {
        for stage in stages {
            let missing = stage.filter { type in !round.contains { $0.type == type } }
            if !missing.isEmpty {
                for type in missing { request(type, for: task, tier: tier, in: &ws) }
                markInReview(task, in: &ws)
                return
            }
            let stageReviews = round.filter { stage.contains($0.type) }
            if !stageReviews.allSatisfy({ $0.status == .approved }) {
                markInReview(task, in: &ws)
                return
            }
        }
        // What was approved, so that publishing sends exactly that (`Approval`).
        let approved = ApprovedContent(task: task, blobs: ws.context.outputBlobs).recorded
        if let at = task.scheduledAt {
            ws.update(task: task.id) { $0.status = .scheduled; $0.approvedOutput = approved }
            var payload = ["scheduled_at": Timestamp.format(at)]
            if let platform = task.platform { payload["platform"] = platform }
            ws.emit(.contentScheduled, subject: task.id, task: task.id, payload: payload)
        } else {
            ws.update(task: task.id) { $0.status = .approved; $0.approvedOutput = approved }
        }
    }

    private static func markInReview(_ task: Task, in ws: inout Workspace) {
        guard task.status != .inReview else { return }
        ws.update(task: task.id) { $0.status = .inReview }
    }

    private static func request(_ type: ReviewType, for task: Task, tier: Int, in ws: inout Workspace) {
        let config = ws.context.config
        guard let reviewer = config.reviewers[type] else { return }
        let now = ws.context.now
        let id = Review.id(task: task.id, type: type, revision: task.revision)
        let due = config.sla.reviewThreshold(type, tier: tier).map { now.addingTimeInterval($0) }
        let review = Review(path: RepoPath.review(id), id: id, task: task.id, type: type, reviewer: reviewer,
                            revision: task.revision, requested: now, due: due)
        ws.create(review: review)
        var payload = ["review_type": type.rawValue, "reviewer": String(reviewer), "tier": String(tier)]
        if let due { payload["due"] = Timestamp.format(due) }
        ws.emit(.reviewRequested, subject: id, task: task.id, payload: payload)
    }
}
