import Foundation

/// A scheduled task whose time has come, as a publisher receives it.
public struct PublishRequest: Sendable, Equatable, Codable {
    public var task: String
    public var title: String
    public var revision: Int
    public var platform: String?
    public var scheduledAt: Date
    /// The work product to publish, when the task names one.
    public var output: String?
    /// The blob id of the output the reviews approved (`ApprovedContent`): what is published, not
    /// whatever the file holds now.
    public var approvedBlob: String?

    /// The same for every try of one revision, so a tick that crashed after the call and before its
    /// commit sends the same key again and the platform can drop the duplicate.
    public var idempotencyKey: String { PublishRequest.idempotencyKey(task: task, revision: revision) }

    /// `<task>.r<revision>`: the key a publisher is sent and the one `content.published` records.
    public static func idempotencyKey(task: String, revision: Int) -> String { "\(task).r\(revision)" }
}

/// What a publisher answered for one request.
public struct PublishedPost: Sendable, Equatable, Codable {
    public var postID: String
    /// `outbox`, `webhook` or `command`.
    public var publisher: String
    public var revision: Int

    public init(postID: String, publisher: String, revision: Int) {
        self.postID = postID; self.publisher = publisher; self.revision = revision
    }
}

/// Publishing (DESIGN.md "Publishing"): a `scheduled` task whose `scheduled_at` has passed is handed
/// to the publisher, then marked `published` with its `platform_post_id` (`content.published`).
/// The rule itself is pure: `due` lists the requests, the engine makes the calls, and `apply`
/// records the answers it finds in the context.
public enum Publishing {
    public static func due(in state: QueueState, now: Date) -> [PublishRequest] {
        state.tasks(withStatus: .scheduled)
            .filter { $0.scheduledAt.map { $0 <= now } == true }
            .sorted { ($0.scheduledAt!, $0.id) < ($1.scheduledAt!, $1.id) }
            .map { PublishRequest(task: $0.id, title: $0.title, revision: $0.revision, platform: $0.platform,
                                  scheduledAt: $0.scheduledAt!, output: $0.output,
                                  approvedBlob: $0.approvedOutput.flatMap(ApprovedContent.init(recorded:))?.blob) }
    }

    public static func apply(_ ws: inout Workspace) {
        let now = ws.context.now
        for (id, post) in ws.context.published.sorted(by: { $0.key < $1.key }) {
            // Only the revision that was sent: a task sent back meanwhile is not marked.
            guard let task = ws.state.tasks[id], task.status == .scheduled, task.revision == post.revision else { continue }
            ws.update(task: id) {
                $0.status = .published
                $0.platformPostID = post.postID
                $0.publishedAt = now
            }
            var payload = ["platform_post_id": post.postID, "publisher": post.publisher,
                           "idempotency_key": PublishRequest.idempotencyKey(task: id, revision: post.revision)]
            if let platform = task.platform { payload["platform"] = platform }
            ws.emit(.contentPublished, subject: id, task: id, payload: payload)
        }
    }
}
