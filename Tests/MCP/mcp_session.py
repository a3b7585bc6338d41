"""One MCP client session against `chase mcp`, with the official Python SDK as the client.

Usage: python mcp_session.py CHASE [chase mcp arguments...] < calls.json

calls.json is a list of {"tool": name, "arguments": {...}}; a call may be {"list_tools": true},
{"list_resources": true} or {"read_resource": uri} instead. Prints one JSON list: for each call,
{"is_error": bool, "text": str} (tools), {"tools": [...]} , {"resources": [...], "next": cursor}
or {"text": str}. The tests assert on it.
"""
import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def main() -> None:
    calls = json.load(sys.stdin)
    params = StdioServerParameters(command=sys.argv[1], args=sys.argv[2:])
    out = []
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            out.append({"protocol": init.protocol_version, "instructions": init.instructions or ""})
            for call in calls:
                if call.get("list_tools"):
                    tools = await session.list_tools()
                    out.append({"tools": [{"name": t.name, "schema": t.input_schema} for t in tools.tools]})
                elif call.get("list_resources"):
                    res = await session.list_resources()
                    out.append({"resources": [str(r.uri) for r in res.resources], "next": res.next_cursor})
                elif "read_resource" in call:
                    res = await session.read_resource(call["read_resource"])
                    out.append({"text": res.contents[0].text})
                else:
                    res = await session.call_tool(call["tool"], call.get("arguments", {}))
                    out.append({"is_error": bool(res.is_error), "text": res.content[0].text})
    json.dump(out, sys.stdout)


asyncio.run(main())
