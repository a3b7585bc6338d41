import ChaseCore
import Foundation
import GitKit

/// `chase new task`: writes `queue/<ID>.md` into the work tree with the next id no file has taken —
/// neither at the branch head nor in the work tree, committed or not — and never replaces a file.
public enum TaskCreation {
    public struct Created: Sendable, Codable, Equatable {
        public var id: String
        public var path: String
    }


    public static func create(_ request: NewTaskFile.Request, prefix: String?, repoPath: String) throws -> Created {
        let prefix = prefix ?? NewTaskFile.prefix(for: request.type)
        guard TaskID.isValid("\(prefix)-1") else {
            throw ChaseError.taskRefused("prefix '\(prefix)' must be capital letters and digits, starting with a letter (like CONTENT)")
        }
        let (root, committed) = try committedStems(repoPath)
        let folder = URL(fileURLWithPath: root).appendingPathComponent(RepoPath.queue)
        var taken = committed
        if let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) {
            taken.formUnion(names.filter { $0.hasSuffix(".md") }.map(RepoPath.stem))
        }
        for dep in request.dependsOn where !taken.contains(dep) {
            throw ChaseError.taskRefused("depends_on names \(dep), which does not exist in \(RepoPath.queue)")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Another writer can take an id between the listing and the write: the exclusive create
        // fails then, and the next id is tried.
        for _ in 0..<100 {
            let id = NewTaskFile.nextID(prefix: prefix, taken: Array(taken))
            let bytes: [UInt8]
            switch NewTaskFile.text(id: id, request) {
            case .success(let b): bytes = b
            case .failure(let problems): throw ChaseError.taskRefused(problems.first.message)
            }
            let path = RepoPath.task(id)
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: root).appendingPathComponent(path), options: .withoutOverwriting)
                return Created(id: id, path: path)
            } catch CocoaError.fileWriteFileExists {
                taken.insert(id)
            } catch {
                throw ChaseError.taskRefused("cannot write \(path): \(error.localizedDescription)")
            }
        }
        throw ChaseError.taskRefused("no free \(prefix) id after 100 tries; other writers keep taking them")
    }

    /// The work tree, and the stems of the files in `queue/` at the branch head (none before the first commit).
    private static func committedStems(_ repoPath: String) throws -> (String, Set<String>) {
        do {
            let (repo, root) = try WorkTree.open(repoPath, for: "chase new writes a file into a work tree")
            guard let branch = try repo.headBranch(), let head = try repo.referenceTarget("refs/heads/\(branch)") else {
                return (root, [])
            }
            let entries = try repo.treeEntries(try repo.commit(head).tree, under: RepoPath.queue)
            return (root, Set(entries.map { RepoPath.stem($0.path) }))
        } catch let error as GitError {
            throw ChaseError.git(error)
        }
    }
}
