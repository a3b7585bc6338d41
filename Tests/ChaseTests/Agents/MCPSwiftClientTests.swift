import Chase
import ChaseCore
import ChaseMCP
import Foundation
import MCP
import XCTest

/// `chase mcp`'s server driven by the Swift SDK's own `Client` over its in-memory transport.
final class MCPSwiftClientTests: XCTestCase {
    func testTheSDKClientListsTheToolsAndResourcesAndStartsATask() async throws {
        let team = try TeamRepository(at: "2026-01-09T08:55:00Z")
        try team.tick(at: "2026-01-09T08:56:00Z")
        try team.writeTask("CONTENT-001", ["title: A tweet", "type: content", "content_type: tweet", "status: pending", "assignee: 2"],
                           brief: "Write it.")
        try team.commit("Plan", by: 0, at: "2026-01-09T09:00:00Z")
        try team.tick(at: "2026-01-09T09:01:00Z")

        let desk = AgentDesk(agent: 2, repoPath: team.repo.path, clock: { Timestamp.parse("2026-01-09T09:10:00Z")! })
        let server = await AgentMCPServer.make(desk, instructions: "brief")
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        try await server.start(transport: serverSide)
        let client = Client(name: "swift-test", version: "1")
        let hello = try await client.connect(transport: clientSide)
        XCTAssertEqual(hello.serverInfo.name, "chase")
        XCTAssertEqual(hello.instructions, "brief")

        let (tools, _) = try await client.listTools()
        XCTAssertEqual(tools.map(\.name), AgentDesk.toolNames)
        let start = tools.first { $0.name == "start_task" }
        XCTAssertEqual(start?.inputSchema.objectValue?["required"], .array(["task_id"]))
        XCTAssertEqual(start?.annotations.readOnlyHint, false)

        let (resources, next) = try await client.listResources()
        XCTAssertEqual(resources.map(\.uri), ["chase://task/CONTENT-001"])
        XCTAssertNil(next)
        let file = try await client.readResource(uri: "chase://task/CONTENT-001")
        XCTAssertTrue(file.first?.text?.hasSuffix("Write it.\n") == true)

        let (content, isError) = try await client.callTool(name: "start_task", arguments: ["task_id": "CONTENT-001"])
        XCTAssertEqual(isError, false)
        guard case .text(let text, _, _)? = content.first else { return XCTFail("no text") }
        XCTAssertTrue(text.contains(#""status":"in_progress""#), text)
        XCTAssertEqual(try team.value("queue/CONTENT-001.md", "status"), "in_progress")

        // A refusal is a tool error; the server answers the next call as before.
        let (refusal, refused) = try await client.callTool(name: "submit_review", arguments: ["review_id": "NOPE", "verdict": "approved", "notes": ""])
        XCTAssertEqual(refused, true)
        guard case .text(let reason, _, _)? = refusal.first else { return XCTFail("no text") }
        XCTAssertEqual(reason, "no review NOPE (see my_work for yours)")
        let (_, again) = try await client.callTool(name: "my_work")
        XCTAssertEqual(again, false)

        await client.disconnect()
        await server.stop()
    }
}
