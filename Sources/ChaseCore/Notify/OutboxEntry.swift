import Foundation

/// A notification kept in `.chase/outbox/` (committed): waiting for a tool to pick it up (the
/// outbox channel), or a delivery that failed and is retried on later ticks with backoff.
public struct OutboxEntry: Sendable, Equatable, Codable {
    public var notice: Notice
    /// Failed delivery attempts so far (0 for the outbox channel, which the bot does not deliver).
    public var attempts: Int
    /// When the bot tries again; nil when it does not (outbox channel, or it gave up).
    public var nextAttempt: Date?
    public var lastError: String?
    /// True after `maxAttempts` failures: kept for people to see, never sent again.
    public var gaveUp: Bool

    public init(notice: Notice, attempts: Int = 0, nextAttempt: Date? = nil, lastError: String? = nil, gaveUp: Bool = false) {
        self.notice = notice; self.attempts = attempts; self.nextAttempt = nextAttempt
        self.lastError = lastError; self.gaveUp = gaveUp
    }

    public static let folder = ".chase/outbox/"

    public static func path(for notice: Notice) -> String { folder + notice.key + ".json" }

    public var path: String { OutboxEntry.path(for: notice) }

    /// Due for another try at `now`.
    public func isDue(at now: Date) -> Bool {
        guard !gaveUp, let next = nextAttempt else { return false }
        return next <= now
    }

    /// The entry after one more failed attempt: the next try after `backoff × 2^(attempts−1)`, or
    /// given up once `maxAttempts` attempts failed.
    public func failed(_ error: String, at now: Date, settings: NotificationSettings) -> OutboxEntry {
        var next = self
        next.attempts += 1
        next.lastError = error
        if next.attempts >= settings.maxAttempts {
            next.gaveUp = true
            next.nextAttempt = nil
        } else {
            next.nextAttempt = now.addingTimeInterval(settings.backoff * pow(2, Double(next.attempts - 1)))
        }
        return next
    }

    /// Pretty, sorted JSON with ISO 8601 times: stable bytes, so an unchanged entry is not rewritten.
    public var bytes: [UInt8] {
        let encoder = Timestamp.jsonEncoder([.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return Array(((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8))
    }

    public static func parse(_ bytes: [UInt8]) -> OutboxEntry? {
        try? Timestamp.jsonDecoder().decode(OutboxEntry.self, from: Data(bytes))
    }
}
