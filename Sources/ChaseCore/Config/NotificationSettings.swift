import Foundation

/// How a notification reaches its recipient: GitHub Actions annotations and step summary, a
/// Slack- or Discord-compatible webhook, or a file in the outbox folder for a person or a tool.
public enum NotificationChannel: String, Sendable, CaseIterable, Codable {
    case github, webhook, outbox
}

/// The JSON shape a chat webhook expects: Slack's `text` or Discord's `content`.
public enum WebhookFormat: String, Sendable, CaseIterable, Codable {
    case slack, discord
}

/// Someone to tell (the coordinator agent, the humans), about which events, through which channels.
public struct NotificationRecipient: Sendable, Equatable, Codable {
    public var name: String
    /// The agent this recipient is, when it is one.
    public var agent: Int?
    /// Put before the message in chat, e.g. `<!here>` or `@leads`.
    public var mention: String?
    public var events: [EventType]
    public var channels: [NotificationChannel]
    /// The environment variable that holds this recipient's webhook URL (never the URL itself:
    /// the config is committed, the URL is a secret).
    public var webhookURLEnv: String
    public var webhookFormat: WebhookFormat

    public init(name: String, agent: Int? = nil, mention: String? = nil, events: [EventType],
                channels: [NotificationChannel], webhookURLEnv: String = NotificationSettings.defaultWebhookEnv,
                webhookFormat: WebhookFormat = .slack) {
        self.name = name; self.agent = agent; self.mention = mention; self.events = events
        self.channels = channels; self.webhookURLEnv = webhookURLEnv; self.webhookFormat = webhookFormat
    }
}

/// Who is told about what, and how failed deliveries are retried.
public struct NotificationSettings: Sendable, Equatable, Codable {
    public static let defaultWebhookEnv = "CHASE_WEBHOOK_URL"
    /// The events that can be notified; others are only logged.
    public static let notifiable: [EventType] = [.slaExceeded, .taskEscalated, .taskBlocked, .fileInvalid, .contentPublished, .taskDeleted,
                                                 .taskLeaseExpired]

    /// Whether `event` is sent to the recipients of its type: a `task.deleted` only when the task
    /// was under way (in progress or in review), since deleting a pending or finished task loses no work.
    public static func notifies(_ event: Event) -> Bool {
        guard notifiable.contains(event.type) else { return false }
        guard event.type == .taskDeleted else { return true }
        return event.payload["status"].flatMap(TaskStatus.init(rawValue:))?.isUnderWay ?? false
    }

    public var recipients: [NotificationRecipient]
    /// Deliveries of one notification before the bot gives up on it (it stays in the outbox, marked).
    public var maxAttempts: Int
    /// Wait before the first retry; doubled for each later one.
    public var backoff: TimeInterval
    /// How long one webhook call may take before it counts as failed.
    public var timeout: TimeInterval

    public init(recipients: [NotificationRecipient], maxAttempts: Int = 5, backoff: TimeInterval = 300, timeout: TimeInterval = 10) {
        self.recipients = recipients; self.maxAttempts = maxAttempts; self.backoff = backoff; self.timeout = timeout
    }

    /// The blueprint's subscribers: breaches, blocked tasks and deleted work in progress to the
    /// coordinator (agent 00), breaches to the humans, published content to analytics (agent 05).
    /// The webhook is used only when its variable is set; GitHub annotations only inside Actions.
    public static let `default` = NotificationSettings(recipients: [
        NotificationRecipient(name: "coordinator", agent: 0, events: [.slaExceeded, .taskEscalated, .taskBlocked, .fileInvalid, .taskDeleted,
                                                                       .taskLeaseExpired],
                              channels: [.github, .webhook]),
        NotificationRecipient(name: "humans", events: [.slaExceeded, .taskEscalated, .fileInvalid], channels: [.github, .webhook]),
        NotificationRecipient(name: "analytics", agent: 5, events: [.contentPublished], channels: [.webhook]),
    ])
}
