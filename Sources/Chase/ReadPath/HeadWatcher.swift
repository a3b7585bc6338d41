import Foundation

/// Watches a branch head for `chase status --watch`: draws once, then polls the head (one ref
/// lookup, cheap enough to do every second) and draws again whenever it moves, so a new commit
/// shows within `interval` plus one draw — under two seconds with the default. The clock is
/// injected: tests drive it without sleeping.
public struct HeadWatcher {
    /// Seconds between two polls.
    public var interval: TimeInterval
    public var readHead: () throws -> String?
    public var sleep: (TimeInterval) -> Void
    /// Asked before every poll; false ends the watch (the command runs until interrupted).
    public var keepGoing: () -> Bool

    public init(interval: TimeInterval = 1, readHead: @escaping () throws -> String?,
                sleep: @escaping (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) },
                keepGoing: @escaping () -> Bool = { true }) {
        self.interval = interval; self.readHead = readHead; self.sleep = sleep; self.keepGoing = keepGoing
    }

    /// Polls for `repoPath`'s `branch`.
    public static func branch(_ branch: String, in repoPath: String, interval: TimeInterval = 1) -> HeadWatcher {
        HeadWatcher(interval: interval, readHead: { try QueueSnapshot.headID(repoPath: repoPath, branch: branch) })
    }

    /// Calls `draw` with the head now, then with each new head.
    public func run(draw: (String?) throws -> Void) throws {
        var last = try readHead()
        try draw(last)
        while keepGoing() {
            sleep(interval)
            let head = try readHead()
            if head != last {
                last = head
                try draw(head)
            }
        }
    }

    /// Clears the terminal and moves the cursor home, so each draw replaces the last.
    public static let clearScreen = "\u{1B}[H\u{1B}[2J"
}
