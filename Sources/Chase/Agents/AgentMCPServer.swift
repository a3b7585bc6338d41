import ChaseCore
import Foundation
import MCP

/// `chase mcp`: the agent desk as a Model Context Protocol server, in the SDK's own shape — a
/// `Server` with its capabilities, one handler per method (tools/list, tools/call, resources/list,
/// resources/read) — over any transport (stdio for `chase mcp`, in memory in tests). Each task and
/// review file is a resource: `chase://task/CONTENT-010`, `chase://review/CONTENT-010.cultural`.
public enum AgentMCPServer {
    public static let version = "0.1.0"

    public static func make(_ desk: AgentDesk, instructions: String? = nil) async -> Server {
        let server = Server(name: "chase", version: version, title: "Chase: agent \(ChangePolicy.two(desk.agent))'s work queue",
                            instructions: instructions,
                            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: AgentDesk.tools.map(\.listing))
        }
        await server.withMethodHandler(CallTool.self) { params in
            let answer = desk.call(params.name, arguments: params.arguments)
            return CallTool.Result(content: [.text(text: answer.text, annotations: nil, _meta: nil)], isError: answer.isError)
        }
        await server.withMethodHandler(ListResources.self) { params in
            let page = try desk.resources(cursor: params.cursor)
            return ListResources.Result(resources: page.items, nextCursor: page.next)
        }
        await server.withMethodHandler(ReadResource.self) { params in
            ReadResource.Result(contents: [.text(try desk.resourceText(params.uri), uri: params.uri, mimeType: "text/markdown")])
        }
        return server
    }

    /// Serves on standard input and output until the client goes away.
    public static func serveStdio(_ desk: AgentDesk, instructions: String? = nil) async throws {
        let server = await make(desk, instructions: instructions)
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
    }
}

extension AgentDesk {
    static let taskScheme = "chase://task/", reviewScheme = "chase://review/"
    static let resourcePage = 200

    /// The task and review files, tasks first, each by id; a page of `resourcePage`.
    public func resources(cursor: String?) throws -> (items: [Resource], next: String?) {
        do {
            let snapshot = try snapshot()
            let tasks = snapshot.state.tasks.keys.sorted(), reviews = snapshot.state.reviews.keys.sorted()
            let total = tasks.count + reviews.count
            let start = try AnswerPaging.offset(cursor, count: total)
            let end = min(total, start + Self.resourcePage)
            let items = (start..<end).map { i -> Resource in
                if i < tasks.count {
                    let t = snapshot.state.tasks[tasks[i]]!
                    return Resource(name: t.id, uri: Self.taskScheme + t.id, title: AnswerPaging.clip(t.title, QueueAnswers.titleLimit).0,
                                    description: "\(t.type.rawValue) task, \(t.status.rawValue)", mimeType: "text/markdown")
                }
                let r = snapshot.state.reviews[reviews[i - tasks.count]]!
                return Resource(name: r.id, uri: Self.reviewScheme + r.id, title: "\(r.type.rawValue) review of \(r.task)",
                                description: "agent \(ChangePolicy.two(r.reviewer)), \(r.status.rawValue)", mimeType: "text/markdown")
            }
            return (items, end < total ? String(end) : nil)
        } catch let refusal as AgentRefusal {
            throw MCPError.invalidParams(refusal.description)
        } catch let error as ChaseError {
            throw MCPError.internalError(error.description)
        }
    }

    /// A task or review file's text, as the branch head has it.
    func resourceText(_ uri: String) throws -> String {
        do {
            let snapshot = try snapshot()
            let path: String
            if uri.hasPrefix(Self.taskScheme), TaskID.isValid(String(uri.dropFirst(Self.taskScheme.count))) {
                path = RepoPath.task(String(uri.dropFirst(Self.taskScheme.count)))
            } else if uri.hasPrefix(Self.reviewScheme), let review = snapshot.state.reviews[String(uri.dropFirst(Self.reviewScheme.count))] {
                path = review.path
            } else {
                throw MCPError.invalidParams("no resource \(uri); resources are chase://task/<ID> and chase://review/<ID>")
            }
            guard let bytes = try snapshot.fileBytes(path) else { throw MCPError.invalidParams("no resource \(uri)") }
            return AnswerPaging.clip(String(decoding: bytes, as: UTF8.self), AnswerPaging.maxAnswer).0
        } catch let error as ChaseError {
            throw MCPError.internalError(error.description)
        }
    }
}
