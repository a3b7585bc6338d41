import ChaseCore
import Foundation
import GitKit

extension CommitInfo {
    /// Whether this commit is the bot's (`BotIdentity.isBotCommit`, the one definition).
    func isBotCommit(of bot: BotIdentity) -> Bool {
        bot.isBotCommit(authorName: author.name, authorEmail: author.email, committerName: committer.name,
                        committerEmail: committer.email, parents: parents.map(\.hex), message: message)
    }

    /// Whether everything beneath this commit was processed by the bot (`BotIdentity.isProcessedPoint`).
    func isProcessedPoint(of bot: BotIdentity) -> Bool {
        bot.isProcessedPoint(authorName: author.name, authorEmail: author.email, committerName: committer.name,
                             committerEmail: committer.email, parents: parents.map(\.hex), message: message)
    }
}

extension BotIdentity {
    /// The bot as author and committer of a commit made at `time`.
    func signature(at time: Date) -> Signature {
        Signature(name: name, email: email, time: time)
    }
}
