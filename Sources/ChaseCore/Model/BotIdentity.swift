import Foundation

/// The bot as git records it: the name and email configured under `bot:`. The one place that says
/// whether a commit is the bot's — the tick's range, the history, the reports, a pushing tick's
/// clean-up and the work-tree catch-up all ask here, so none of them can trust what another refuses.
public struct BotIdentity: Sendable, Equatable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name; self.email = email
    }

    /// The name exactly and the email in any case (git and GitHub treat emails so).
    public func matches(name: String, email: String) -> Bool {
        name == self.name && matches(email: email)
    }

    /// The email alone, in any case: what `validate` judges by while its identity is the author's email.
    public func matches(email: String) -> Bool {
        email.lowercased() == self.email.lowercased()
    }

    /// A bot commit: the bot's identity as author and as committer, a single parent, and the
    /// `Chase-Processed` trailer that the tick (and its follow-up commit) always writes. A trailer in
    /// anyone else's commit is text, never a record: only a commit that passes this is read for one.
    public func isBotCommit(authorName: String, authorEmail: String, committerName: String, committerEmail: String,
                            parents: [String], message: String) -> Bool {
        matches(name: authorName, email: authorEmail) && matches(name: committerName, email: committerEmail)
            && parents.count == 1 && CommitMessage.processedThrough(message) != nil
    }

    /// A bot commit whose trailer names its own parent: everything beneath it was processed, so a
    /// tick's reading starts after it. A follow-up commit made on someone's newer commit names the
    /// commit its tick processed instead, and the commits beneath it are still read.
    public func isProcessedPoint(authorName: String, authorEmail: String, committerName: String, committerEmail: String,
                                 parents: [String], message: String) -> Bool {
        isBotCommit(authorName: authorName, authorEmail: authorEmail, committerName: committerName,
                    committerEmail: committerEmail, parents: parents, message: message)
            && CommitMessage.processedThrough(message) == parents.first
    }
}

extension BotIdentity {
    /// The bot as the cause of the events its rules decide, working on `commit` at `time`.
    public func eventSource(commit: String, at time: Date) -> EventSource {
        EventSource(commit: commit, author: name, email: email, time: time)
    }
}

extension Config {
    /// The bot's identity, as its commits carry it.
    public var bot: BotIdentity { BotIdentity(name: botName, email: botEmail) }
}
