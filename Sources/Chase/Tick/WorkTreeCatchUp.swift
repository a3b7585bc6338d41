import ChaseCore
import GitKit

/// A run stopped between moving the branch and updating the work tree (killed, or the index was
/// locked) leaves the files of the bot's commit behind in the work tree and index, where
/// `git status` shows them as a change undoing the bot. The next tick brings exactly those files up
/// to date, in safe mode: only where they still match the commit before, never over a user's edit.
enum WorkTreeCatchUp {
    /// libgit2's GIT_STATUS_INDEX_NEW … GIT_STATUS_INDEX_TYPECHANGE, and GIT_STATUS_WT_NEW … GIT_STATUS_WT_RENAMED.
    static let stagedBits: UInt32 = 0x1F, workTreeBits: UInt32 = 0xF80

    /// A note when files were behind the head (brought up to date, or left when the checkout is
    /// refused); nil when the head is not the bot's or nothing is behind.
    static func run(repo: Repository, head: CommitInfo, config: Config) throws -> String? {
        guard head.isBotCommit(of: config.bot), let parent = head.parents.first else { return nil }
        let before = try repo.commit(parent).tree
        let changed = try repo.treeDiff(from: before, to: head.tree, under: [""], findRenames: false)
            .flatMap { [$0.oldPath, $0.newPath].compactMap { $0 } }
        // Left behind, the index and the file both still hold the commit before: the status shows
        // staged changes only. A user's own edit shows in the work tree bits and is not touched.
        let behind = try Set(changed).sorted().filter { path in
            let flags = try repo.pathStatus(path)
            return flags & stagedBits != 0 && flags & workTreeBits == 0
        }
        guard !behind.isEmpty else { return nil }
        let list = behind.joined(separator: ", ")
        do {
            try repo.checkoutPaths(behind, to: head.tree, baseline: before)
            return "the work tree was behind the bot's commit \(head.oid.short) (an earlier run stopped); updated \(list)"
        } catch let error as GitError {
            return "the work tree is behind the bot's commit \(head.oid.short) for \(list), and was left as it is: \(error.message)"
        }
    }
}
