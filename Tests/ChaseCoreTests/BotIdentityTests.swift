import ChaseCore
import XCTest

/// The one definition of "the bot's commit": identity as author and committer, one parent, the trailer.
final class BotIdentityTests: XCTestCase {
    let bot = BotIdentity(name: "chase-bot", email: "chase-bot@users.noreply.github.com")
    let parent = String(repeating: "a", count: 40)
    var message: String { CommitMessage.render(events: [], writes: 1, processedThrough: parent) }

    private func isBot(author: (String, String)? = nil, committer: (String, String)? = nil, parents: [String]? = nil,
                       message: String? = nil) -> Bool {
        let a = author ?? (bot.name, bot.email), c = committer ?? (bot.name, bot.email)
        return bot.isBotCommit(authorName: a.0, authorEmail: a.1, committerName: c.0, committerEmail: c.1,
                               parents: parents ?? [parent], message: message ?? self.message)
    }

    func testTheTicksOwnCommitIsTheBots() {
        XCTAssertTrue(isBot())
        XCTAssertTrue(isBot(author: (bot.name, "Chase-Bot@Users.NoReply.GitHub.com")), "emails compare in any case")
    }

    func testAForgedTrailerInSomeoneElsesCommitIsNotTheBots() {
        XCTAssertFalse(isBot(author: ("Mallory", "mallory@example.com"), committer: ("Mallory", "mallory@example.com")))
    }

    func testTheBotsEmailUnderAnotherNameIsNotTheBot() {
        XCTAssertFalse(isBot(author: ("Mallory", bot.email)))
    }

    func testTheBotAsAuthorWithSomeoneElseAsCommitterIsNotTheBots() {
        XCTAssertFalse(isBot(committer: ("Mallory", "mallory@example.com")))
    }

    func testAMergeOrARootCommitIsNotTheBots() {
        XCTAssertFalse(isBot(parents: [parent, String(repeating: "b", count: 40)]))
        XCTAssertFalse(isBot(parents: []))
    }

    func testWithoutTheProcessedTrailerItIsNotTheBots() {
        XCTAssertFalse(isBot(message: "chase: 1 file updated\n"))
    }

    func testOnlyABotCommitNamingItsParentIsAProcessedPoint() {
        let other = String(repeating: "c", count: 40)
        XCTAssertTrue(bot.isProcessedPoint(authorName: bot.name, authorEmail: bot.email, committerName: bot.name,
                                           committerEmail: bot.email, parents: [parent], message: message))
        // A follow-up commit made on someone's newer commit: the bot's, but what is beneath it is still to read.
        XCTAssertTrue(isBot(parents: [other]))
        XCTAssertFalse(bot.isProcessedPoint(authorName: bot.name, authorEmail: bot.email, committerName: bot.name,
                                            committerEmail: bot.email, parents: [other], message: message))
        XCTAssertFalse(bot.isProcessedPoint(authorName: "Mallory", authorEmail: "m@example.com", committerName: "Mallory",
                                            committerEmail: "m@example.com", parents: [parent], message: message))
    }

    func testTheConfigNamesTheBot() {
        var config = Config.default
        config.botName = "queue bot"
        config.botEmail = "bot@team.example"
        XCTAssertEqual(config.bot, BotIdentity(name: "queue bot", email: "bot@team.example"))
    }
}
