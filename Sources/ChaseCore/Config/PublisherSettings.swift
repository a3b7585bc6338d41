import Foundation

/// Where approved, scheduled content goes when its time comes (DESIGN.md "Publishing").
public enum PublisherKind: String, Sendable, CaseIterable, Codable {
    /// Writes the post under `outputs/published/`, ready for a human or a tool.
    case outbox
    /// POSTs the post as JSON with an idempotency key; the response's `id` is the post id.
    case webhook
    /// Runs a command with the post's file; the id it prints is the post id.
    case command
}

/// The configured publisher.
public struct PublisherSettings: Sendable, Equatable, Codable {
    public var kind: PublisherKind
    /// Webhook: the environment variable holding the URL (the URL may carry a secret).
    public var urlEnv: String
    /// Command: the program and its arguments; the post's file path is added last.
    public var command: [String]
    /// How long one call may take before it counts as failed (and is retried next tick).
    public var timeout: TimeInterval
    /// Command: the environment variables it is given besides `commandBaseEnvironment` (its
    /// platform token, say); nothing else of the tick's environment (the push token, webhook URLs).
    public var env: [String] = []

    /// What every command gets of the tick's environment: enough to find programs and run.
    public static let commandBaseEnvironment = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ"]

    public init(kind: PublisherKind = .outbox, urlEnv: String = "CHASE_PUBLISH_URL", command: [String] = [], timeout: TimeInterval = 30) {
        self.kind = kind; self.urlEnv = urlEnv; self.command = command; self.timeout = timeout
    }

    /// The folder the outbox publisher writes posts to.
    public static let outboxFolder = "outputs/published/"
}
