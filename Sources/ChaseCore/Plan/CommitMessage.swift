import Foundation

/// The bot's commit message: a subject, one line per event, and trailers a program can read back
/// (`Chase-Processed: <commit>` and one `Chase-Event: <json>` per event).
public enum CommitMessage {
    public static let processedTrailer = "Chase-Processed"
    public static let eventTrailer = "Chase-Event"

    public static func render(events: [Event], writes: Int, processedThrough: String) -> String {
        var counts: [EventType: Int] = [:]
        for e in events { counts[e.type, default: 0] += 1 }
        let summary = counts.keys.sorted { $0.rawValue < $1.rawValue }.map { "\(counts[$0]!) \($0.rawValue)" }
        var text = "chase: " + (summary.isEmpty ? "\(writes) file\(writes == 1 ? "" : "s") updated" : summary.joined(separator: ", "))
        text += "\n\n"
        for e in events { text += e.line + "\n" }
        text += "\n" + trailerLine(processedThrough: processedThrough)
        for e in events { text += "\(eventTrailer): \(e.json)\n" }
        return text
    }

    /// `Chase-Processed: <commit>`: what the bot had processed when it made the commit. The tick's
    /// commit names its parent; a follow-up commit names the commit its tick processed.
    public static func trailerLine(processedThrough: String) -> String {
        "\(processedTrailer): \(processedThrough)\n"
    }

    /// The commit a message says it processed through. Only a bot commit's is a record
    /// (`BotIdentity.isBotCommit`); anyone can write the line.
    public static func processedThrough(_ message: String) -> String? {
        trailers(message, processedTrailer).last
    }

    public static func events(_ message: String) -> [Event] {
        trailers(message, eventTrailer).compactMap(Event.fromJSON)
    }

    /// Whether the message has a `key:` trailer line (what the tick would read as one).
    public static func carries(_ message: String, _ key: String) -> Bool { !trailers(message, key).isEmpty }

    private static func trailers(_ message: String, _ key: String) -> [String] {
        let prefix = key + ": "
        return message.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix(prefix) }
            .map { String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
    }
}
