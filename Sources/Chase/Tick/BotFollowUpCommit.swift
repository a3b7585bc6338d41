import ChaseCore
import Foundation
import GitKit

/// A commit the bot makes after its tick's own commit, for files only it writes (the outbox):
/// made on whatever the branch head is, with compare-and-swap, re-applied on the new head when
/// someone pushed meanwhile (a bounded number of times). Its `Chase-Processed` trailer names the
/// commit its tick processed: a bot commit like the tick's, but a stop for a later tick's reading
/// only when that is its parent, so every human commit beneath it is still read.
struct BotFollowUpCommit {
    let repo: Repository
    let branch: String
    let signature: Signature
    static let attempts = 3

    enum Outcome {
        case committed(Oid)
        case nothingToDo
        case skipped(String)
    }

    func commit(_ changes: [String: [UInt8]?], message: String) throws -> Outcome {
        let branchRef = "refs/heads/\(branch)"
        let treeChanges = changes.mapValues { $0.map(TreeChange.write) ?? .delete }
        for _ in 0..<BotFollowUpCommit.attempts {
            guard let head = try repo.referenceTarget(branchRef) else { return .skipped("\(branch) has no commits") }
            let base = try repo.commit(head).tree
            let tree = try repo.buildTree(base: base, changes: treeChanges)
            if tree == base { return .nothingToDo }
            let checkedOut = repo.isCheckedOut(branch)
            if checkedOut {
                let dirty = try changes.keys.sorted().filter { try repo.pathStatus($0) != 0 }
                if !dirty.isEmpty { return .skipped("uncommitted changes to \(dirty.joined(separator: ", "))") }
            }
            let commit = try repo.createCommit(tree: tree, parents: [head], author: signature, committer: signature, message: message)
            do {
                try repo.updateReference(branchRef, to: commit, expected: head, message: "chase: outbox")
            } catch let error as GitError where error.isConflict {
                continue
            }
            if checkedOut { try? repo.checkoutPaths(changes.keys.sorted(), to: tree, baseline: base) }
            // Keep "a second tick changes nothing": the marker follows when it named the parent.
            let marker = Tick.markerRef(branch)
            if try repo.referenceTarget(marker) == head {
                try? repo.updateReference(marker, to: commit, expected: head, message: "chase: processed")
            }
            return .committed(commit)
        }
        return .skipped("\(branch) kept moving; the outbox was not updated")
    }
}

extension BotFollowUpCommit {
    /// The follow-up commit `commit` made again on `head` (someone pushed before it did): its changes
    /// below the outbox folder — the only files it writes, which only the bot writes — applied to
    /// `head`'s tree, with the same author, committer and message. Nil when they change nothing there.
    static func replay(_ commit: Oid, onto head: Oid, repo: Repository) throws -> Oid? {
        let info = try repo.commit(commit)
        guard let parent = info.parents.first else { return nil }
        var changes: [String: TreeChange] = [:]
        for entry in try repo.treeDiff(from: try repo.commit(parent).tree, to: info.tree, under: [OutboxEntry.folder], findRenames: false) {
            if let path = entry.newPath, let oid = entry.newOid {
                changes[path] = .write(try repo.blob(oid))
            } else if let path = entry.oldPath {
                changes[path] = .delete
            }
        }
        let base = try repo.commit(head).tree
        let tree = try repo.buildTree(base: base, changes: changes)
        if tree == base { return nil }
        return try repo.createCommit(tree: tree, parents: [head], author: info.author, committer: info.committer, message: info.message)
    }
}
