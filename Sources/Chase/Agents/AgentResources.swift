import ChaseCore
import Foundation

/// One task or review file as the MCP server lists it: `chase://task/CONTENT-010`,
/// `chase://review/CONTENT-010.cultural`.
public struct AgentResource: Sendable, Equatable {
    public var name: String
    public var uri: String
    public var title: String
    public var description: String
}

extension AgentDesk {
    static let taskScheme = "chase://task/", reviewScheme = "chase://review/"
    static let resourcePage = 200

    /// The task and review files, tasks first, each by id; a page of `resourcePage`. A cursor this
    /// list did not give is an `AgentRefusal`; a queue that cannot be read, a `ChaseError`.
    public func resources(cursor: String?) throws -> (items: [AgentResource], next: String?) {
        let snapshot = try snapshot()
        let tasks = snapshot.state.tasks.keys.sorted(), reviews = snapshot.state.reviews.keys.sorted()
        let total = tasks.count + reviews.count
        let start = try AnswerPaging.offset(cursor, count: total)
        let end = min(total, start + Self.resourcePage)
        let items = (start..<end).map { i -> AgentResource in
            if i < tasks.count {
                let t = snapshot.state.tasks[tasks[i]]!
                return AgentResource(name: t.id, uri: Self.taskScheme + t.id, title: AnswerPaging.clip(t.title, QueueAnswers.titleLimit).0,
                                     description: "\(t.type.rawValue) task, \(t.status.rawValue)")
            }
            let r = snapshot.state.reviews[reviews[i - tasks.count]]!
            return AgentResource(name: r.id, uri: Self.reviewScheme + r.id, title: "\(r.type.rawValue) review of \(r.task)",
                                 description: "agent \(ChangePolicy.two(r.reviewer)), \(r.status.rawValue)")
        }
        return (items, end < total ? String(end) : nil)
    }

    /// A task or review file's text, as the branch head has it. An unknown resource is an
    /// `AgentRefusal`; a queue that cannot be read, a `ChaseError`.
    public func resourceText(_ uri: String) throws -> String {
        let snapshot = try snapshot()
        let path: String
        if uri.hasPrefix(Self.taskScheme), TaskID.isValid(String(uri.dropFirst(Self.taskScheme.count))) {
            path = RepoPath.task(String(uri.dropFirst(Self.taskScheme.count)))
        } else if uri.hasPrefix(Self.reviewScheme), let review = snapshot.state.reviews[String(uri.dropFirst(Self.reviewScheme.count))] {
            path = review.path
        } else {
            throw AgentRefusal("no resource \(uri); resources are chase://task/<ID> and chase://review/<ID>")
        }
        guard let bytes = try snapshot.fileBytes(path) else { throw AgentRefusal("no resource \(uri)") }
        return AnswerPaging.clip(String(decoding: bytes, as: UTF8.self), AnswerPaging.maxAnswer).0
    }
}
