import Chase
import Foundation

/// `chase status --watch`: redraws the board whenever the branch head moves (polled each second,
/// so a new commit shows within two), until interrupted. The status command passes its own board.
enum StatusWatch {
    static func run(repo: String, branch: String?, board: @escaping () throws -> String) throws {
        let branch = try branch ?? QueueSnapshot.load(repoPath: repo).branch
        try HeadWatcher.branch(branch, in: repo).run { head in
            let text = try board()
            let footer = "watching \(branch) at \(head.map { String($0.prefix(7)) } ?? "(no commits)") — redrawn on each new commit; Ctrl-C to stop"
            // Written straight to the file descriptor: nothing buffered between two draws.
            FileHandle.standardOutput.write(Data((HeadWatcher.clearScreen + text + "\n\n" + footer + "\n").utf8))
        }
    }
}
