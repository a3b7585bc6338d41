import Foundation

/// What a notification says: one line for people, a chat webhook's JSON and the step summary's table.
public enum NotificationText {
    /// `SLA exceeded: CONTENT-010.cultural (cultural review, agent 09) pending 1h15m, limit 1h`.
    public static func line(_ e: Event) -> String {
        let p = e.payload
        switch e.type {
        case .slaExceeded where p["kind"] == "total_review":
            return "SLA exceeded: reviews of \(e.subject) (tier \(p["tier"] ?? "?")) took \(p["pending"] ?? "?"), limit \(p["threshold"] ?? "?")"
        case .slaExceeded:
            let who = p["reviewer"].flatMap(Int.init).map { ", agent \(agentNumber($0))" } ?? ""
            return "SLA exceeded: \(e.subject) (\(p["review_type"] ?? "review") review\(who)) pending \(p["pending"] ?? "?"), limit \(p["threshold"] ?? "?")"
        case .taskEscalated:
            return "Escalated: \(e.subject): \(p["reason"] ?? "SLA breach")"
        case .taskBlocked:
            return "Blocked: \(e.subject) waits for \(p["blocked_by"].map { $0.replacingOccurrences(of: ",", with: ", ") } ?? "its dependencies")"
        case .fileInvalid:
            return "Invalid file: \(e.subject): \(p["reason"] ?? "cannot be read")"
        case .taskDeleted:
            let assigned = p["agent"].flatMap(Int.init).map { ", assigned to agent \(agentNumber($0))" } ?? ""
            return "Deleted: \(e.subject) (\(p["status"] ?? "open")\(assigned)) by \(e.author)"
        case .taskLeaseExpired:
            let held = p["agent"].flatMap(Int.init).map { "agent \(agentNumber($0))" } ?? "its agent"
            return "Lease expired: \(e.subject) taken back from \(held) (no change for \(p["idle"] ?? "the whole lease"), lease \(p["lease"] ?? "?"))"
        case .contentPublished:
            let on = p["platform"].map { " on \($0)" } ?? ""
            return "Published: \(e.subject)\(on) (post \(p["platform_post_id"] ?? "?"))"
        default:
            return e.line
        }
    }

    /// The line with the recipients' mentions before it. The mentions are the config's; the line
    /// comes from files anyone may write, so its own mentions are defused.
    public static func message(_ n: Notice) -> String {
        (n.mentions + [withoutMentions(line(n.event))]).joined(separator: " ")
    }

    /// Text whose chat mentions notify nobody: `@everyone`, `@here`, `@name` and Slack's and
    /// Discord's `<!channel>`, `<!here>`, `<@U123>`, `<@&role>` get a zero-width space after their
    /// first character, so they read the same and ping no one.
    public static func withoutMentions(_ text: String) -> String {
        text.replacingOccurrences(of: "@", with: "@\u{200B}").replacingOccurrences(of: "<!", with: "<\u{200B}!")
    }

    /// Slack's `{"text": …}` or Discord's `{"content": …}`.
    public static func webhookPayload(_ n: Notice) -> [UInt8] {
        let key = n.webhookFormat == .discord ? "content" : "text"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode([key: message(n)])) ?? Data())
    }

    /// The step summary's section: one row per notification.
    public static func stepSummary(_ ns: [Notice]) -> String {
        guard !ns.isEmpty else { return "" }
        var text = "### Chase notifications\n\n| event | about | message | for |\n|---|---|---|---|\n"
        for n in ns {
            text += "| `\(n.event.type.rawValue)` | \(cell(n.event.subject)) | \(cell(line(n.event))) | \(cell(n.recipients.joined(separator: ", "))) |\n"
        }
        return text
    }

    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func agentNumber(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
