/// One event to deliver through one channel to one destination, for the recipients it concerns.
/// A webhook shared by several recipients gets one message naming them all, not one each.
public struct Notice: Sendable, Equatable, Codable {
    public var event: Event
    public var channel: NotificationChannel
    /// Names of the recipients, in config order.
    public var recipients: [String]
    /// Their chat mentions, in the same order, where they have one.
    public var mentions: [String]
    /// Webhook only: the environment variable holding the URL, and the payload's shape.
    public var webhookURLEnv: String?
    public var webhookFormat: WebhookFormat?

    public init(event: Event, channel: NotificationChannel, recipients: [String], mentions: [String] = [],
                webhookURLEnv: String? = nil, webhookFormat: WebhookFormat? = nil) {
        self.event = event; self.channel = channel; self.recipients = recipients; self.mentions = mentions
        self.webhookURLEnv = webhookURLEnv; self.webhookFormat = webhookFormat
    }

    /// Derived from the event and the destination, never counted: the same notification always has
    /// the same outbox file, so a retry or a repeated tick cannot mint a second one.
    public var key: String {
        let destination = [channel.rawValue, webhookURLEnv ?? "", webhookFormat?.rawValue ?? ""].joined(separator: "|")
        let digest = StableHash.hex(event.json + "|" + destination)
        let subject = String(event.subject.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }.prefix(60))
        return "\(event.type.rawValue)-\(subject)-\(channel.rawValue)-\(digest.prefix(12))"
    }
}

/// Who hears about which events (config `notifications`): one notification per event, channel and
/// destination, in event order.
public enum NotificationRouting {
    public static func notifications(for events: [Event], settings: NotificationSettings) -> [Notice] {
        var out: [Notice] = []
        for event in events where NotificationSettings.notifies(event) {
            let recipients = settings.recipients.filter { $0.events.contains(event.type) }
            for channel in NotificationChannel.allCases {
                let using = recipients.filter { $0.channels.contains(channel) }
                guard !using.isEmpty else { continue }
                if channel == .webhook {
                    // One message per webhook (variable and format), naming everyone it is for.
                    var seen: [String] = []
                    for r in using where !seen.contains(r.webhookURLEnv + "|" + r.webhookFormat.rawValue) {
                        seen.append(r.webhookURLEnv + "|" + r.webhookFormat.rawValue)
                        let same = using.filter { $0.webhookURLEnv == r.webhookURLEnv && $0.webhookFormat == r.webhookFormat }
                        out.append(Notice(event: event, channel: .webhook, recipients: same.map(\.name),
                                                mentions: same.compactMap(\.mention), webhookURLEnv: r.webhookURLEnv,
                                                webhookFormat: r.webhookFormat))
                    }
                } else {
                    out.append(Notice(event: event, channel: channel, recipients: using.map(\.name),
                                            mentions: using.compactMap(\.mention)))
                }
            }
        }
        return out
    }
}

/// FNV-1a, 64 bits: a stable digest for derived names (Swift's `hashValue` changes every run).
enum StableHash {
    static func hex(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
