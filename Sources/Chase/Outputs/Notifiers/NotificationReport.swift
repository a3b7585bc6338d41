/// What step 7 of a tick did with its notifications and the outbox.
public struct NotificationReport: Sendable, Codable, Equatable {
    /// Keys of notifications delivered now (new ones and retries).
    public var delivered: [String] = []
    /// Keys of failed deliveries kept in `.chase/outbox/` for a later try, with the reason.
    public var kept: [String: String] = [:]
    /// Keys the bot stopped retrying after the configured number of attempts.
    public var gaveUp: [String] = []
    /// Keys written to the outbox for a person or a tool to pick up.
    public var queued: [String] = []
    /// Annotations written for GitHub Actions.
    public var annotations = 0
    /// The commit that recorded the outbox's changes, when there were any.
    public var commit: String?
    public var notes: [String] = []

    public init() {}
}
