import ArgumentParser
import Chase
import ChaseCore
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the board: tasks by status and agent, load, reviews, breaches, blocked tasks.",
        discussion: """
        Reads the queue at the branch head: how many tasks are in each status; per agent, its \
        load (pending + in progress) against its capacity and its tasks by status; the pending \
        reviews with the time left on their SLA; the clocks that ran out; each blocked task and \
        the unfinished tasks it waits for. Colour on a terminal; plain text when the output is \
        piped or NO_COLOR is set.

        Examples:
          chase status
          chase status --now 2026-01-09T12:00:00Z
          chase status --watch                 # redraw on every new commit
          chase status --json | jq '.breaches'
        """
    )

    @OptionGroup var common: CommonOptions

    @OptionGroup var branch: BranchOption

    @Flag(name: .long, help: "Redraw whenever the branch head moves, until interrupted.")
    var watch = false

    func validate() throws {
        if watch, common.json { throw ValidationError("--watch draws for people; it cannot be combined with --json") }
    }

    func run() throws {
        if watch {
            try StatusWatch.run(repo: common.repo, branch: branch.name) { try board(colour: Terminal.wantsColour) }
            return
        }
        let snapshot = try QueueSnapshot.load(repoPath: common.repo, branch: branch.name)
        let built = StatusBoard.build(snapshot.state, config: snapshot.config, now: common.resolvedNow())
        if common.json { printJSON(built); return }
        print(render(built, snapshot, colour: Terminal.wantsColour), terminator: "")
    }

    private func board(colour: Bool) throws -> String {
        let snapshot = try QueueSnapshot.load(repoPath: common.repo, branch: branch.name)
        return render(StatusBoard.build(snapshot.state, config: snapshot.config, now: common.resolvedNow()), snapshot, colour: colour)
    }

    private func render(_ board: StatusBoard, _ s: QueueSnapshot, colour: Bool) -> String {
        StatusText.render(board, title: "\(s.branch) at \(s.head.prefix(7)), \(Timestamp.format(board.now))", colour: colour)
    }
}

/// Whether standard output is a terminal that wants colour: not piped, `NO_COLOR` unset, not a dumb terminal.
enum Terminal {
    static var wantsColour: Bool {
        let env = ProcessInfo.processInfo.environment
        return isatty(STDOUT_FILENO) == 1 && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
    }
}
