import Chase
import ChaseCore
import Foundation
import MCP

/// `chase-mcp` (what `chase mcp` runs): the agent desk as a Model Context Protocol server, in the
/// SDK's own shape — a `Server` with its capabilities, one handler per method (tools/list,
/// tools/call, resources/list, resources/read) — over any transport (stdio for `chase-mcp`, in
/// memory in tests). Each task and review file is a resource: `chase://task/CONTENT-010`,
/// `chase://review/CONTENT-010.cultural`. The only module that imports the SDK, so only this
/// executable loads the SDK's network stack (FoundationNetworking, libcurl, TLS).
public enum AgentMCPServer {
    public static let version = "0.1.0"

    public static func make(_ desk: AgentDesk, instructions: String? = nil) async -> Server {
        let server = Server(name: "chase", version: version, title: "Chase: agent \(ChangePolicy.two(desk.agent))'s work queue",
                            instructions: instructions,
                            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: AgentDesk.toolListings.map(MCPValues.tool))
        }
        await server.withMethodHandler(CallTool.self) { params in
            let answer = desk.call(params.name, arguments: params.arguments.map { $0.mapValues(MCPValues.toolValue) })
            return CallTool.Result(content: [.text(text: answer.text, annotations: nil, _meta: nil)], isError: answer.isError)
        }
        await server.withMethodHandler(ListResources.self) { params in
            let page = try MCPValues.protocolErrors { try desk.resources(cursor: params.cursor) }
            return ListResources.Result(resources: page.items.map(MCPValues.resource), nextCursor: page.next)
        }
        await server.withMethodHandler(ReadResource.self) { params in
            let text = try MCPValues.protocolErrors { try desk.resourceText(params.uri) }
            return ReadResource.Result(contents: [.text(text, uri: params.uri, mimeType: "text/markdown")])
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
