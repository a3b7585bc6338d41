import ChaseCore
import Foundation
import GitKit

/// What `chase mcp` serves: one agent of the config working the queue of one checkout (a work
/// tree, a linked `git worktree`, or a bare repository). Every tool runs here, one call at a time;
/// a call never throws: bad arguments, refusals and failures come back as tool errors.
public final class AgentDesk: @unchecked Sendable {
    public let agent: Int
    public let repoPath: String
    let fallback: Config
    let clock: @Sendable () -> Date
    private let lock = NSLock()

    /// `clock` gives the time of each call (a fixed time in tests and the demo).
    public init(agent: Int, repoPath: String, fallback: Config = .default, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.agent = agent; self.repoPath = repoPath; self.fallback = fallback; self.clock = clock
    }

    /// What a tool call answers: JSON text, or the reason it did nothing (`isError`).
    public struct Answer: Sendable, Equatable {
        public var text: String
        public var isError: Bool
    }

    /// Every tool, read tools first.
    static let tools: [AgentTool] = ReadTools.all + WriteTools.all

    public static var toolNames: [String] { tools.map(\.name) }

    /// Every tool as a client sees it listed, in the order of `toolNames`.
    public static var toolListings: [AgentToolListing] { tools.map(\.listing) }

    public func call(_ name: String, arguments: [String: ToolValue]?) -> Answer {
        lock.lock()
        defer { lock.unlock() }
        guard let tool = Self.tools.first(where: { $0.name == name }) else {
            return Answer(text: "unknown tool '\(name)'; the tools are \(Self.toolNames.joined(separator: ", "))", isError: true)
        }
        do {
            let args = try ToolArguments(arguments, allowed: Set(tool.properties.keys))
            let text = try tool.run(self, args)
            guard text.utf8.count <= AnswerPaging.maxAnswer else {
                return Answer(text: "the answer would be \(text.utf8.count) characters, over the limit of \(AnswerPaging.maxAnswer); "
                    + "read the file from the checkout instead", isError: true)
            }
            return Answer(text: text, isError: false)
        } catch let refusal as AgentRefusal {
            return Answer(text: refusal.description, isError: true)
        } catch let error as ChaseError {
            return Answer(text: error.description, isError: true)
        } catch let error as GitError {
            return Answer(text: ChaseError.git(error).description, isError: true)
        } catch {
            return Answer(text: "\(error)", isError: true)
        }
    }

    /// The queue at the head of the branch the checkout has out.
    func snapshot() throws -> QueueSnapshot {
        try QueueSnapshot.load(repoPath: repoPath, branch: nil, fallback: fallback)
    }
}
