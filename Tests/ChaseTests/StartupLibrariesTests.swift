import Foundation
import XCTest

/// Starting `chase` loads no network stack: no libcurl and none of what it pulls in (OpenSSL,
/// GnuTLS, LDAP, nghttp2). Webhooks load libcurl when they send (`Sources/CCurl`), and the MCP
/// SDK, which links FoundationNetworking, is only in `chase-mcp`. Read from the dynamic loader's
/// own account (`LD_DEBUG=files`: each library loaded and what needed it) of `chase --help`, an
/// argument error and a tick.
final class StartupLibrariesTests: XCTestCase {
    static let networkLibraries = ["libcurl", "libssl", "libcrypto", "libgnutls", "libldap", "libnghttp2", "libFoundationNetworking"]

    /// The shared libraries the loader loaded for one run of `chase args`, each with the one that
    /// needed it first (the loader's `file=… needed by …` lines).
    private func loaded(_ args: [String], expecting status: Int32) throws -> [(library: String, neededBy: String)] {
        let result = try ChaseBinary.run(args, env: ["LD_DEBUG": "files"])
        XCTAssertEqual(result.status, status, "chase \(args.joined(separator: " ")): \(result.stderr.suffix(400))")
        return result.stderr.split(separator: "\n").compactMap { line -> (String, String)? in
            guard let file = line.range(of: "file="), let needed = line.range(of: "needed by ") else { return nil }
            let library = line[file.upperBound...].prefix { $0 != " " }
            let by = line[needed.upperBound...].prefix { $0 != " " }
            return (String(library), (String(by) as NSString).lastPathComponent)
        }
    }

    private func assertNoNetworkStack(_ args: [String], status: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) throws {
        let libraries = try loaded(args, expecting: status)
        // The parse saw the loader at work: the Swift runtime is always among them.
        XCTAssertTrue(libraries.contains { $0.library == "libswiftCore.so" }, "no loader output for \(args): \(libraries)", file: file, line: line)
        let network = libraries.filter { loaded in Self.networkLibraries.contains { loaded.library.hasPrefix($0) } }
            // The one exception is not ours: the system's libgit2 links libssh2 (its SSH transport),
            // which links OpenSSL's libcrypto (no TLS, no libssl).
            .filter { !($0.library.hasPrefix("libcrypto.") && $0.neededBy.hasPrefix("libssh2.")) }
        XCTAssertEqual(network.map { "\($0.library) (needed by \($0.neededBy))" }, [],
                       "chase \(args.joined(separator: " ")) loads the network stack at start", file: file, line: line)
    }

    func testHelpAnArgumentErrorAndATickLoadNoNetworkLibrary() throws {
        #if os(Linux)
        try assertNoNetworkStack(["--help"])
        try assertNoNetworkStack(["next", "--agent", "100"], status: 1)
        let repo = try TestRepo()
        try repo.write("queue/OPS-1.md", TaskText.make("OPS-1", type: "ops"))
        try repo.commit("A task")
        try assertNoNetworkStack(["tick", "--repo", repo.path, "--now", "2026-01-09T10:00:00Z"])
        XCTAssertNotNil(repo.revOrNil("refs/chase/processed/main"), "the tick ran and left its marker")
        #else
        throw XCTSkip("LD_DEBUG is the GNU dynamic loader's")
        #endif
    }
}
