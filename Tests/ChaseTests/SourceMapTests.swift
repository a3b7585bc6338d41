import Foundation
import XCTest

/// `Sources/README.md` is the newcomer's map: every path it names must exist.
final class SourceMapTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func testEveryPathTheSourceMapNamesExists() throws {
        let text = try String(contentsOf: root.appendingPathComponent("Sources/README.md"), encoding: .utf8)
        let quoted = text.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let paths = quoted.filter { $0.hasPrefix("Sources/") }
        XCTAssertGreaterThan(paths.count, 20, "the map names the files where the rules are decided")
        for path in paths {
            XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path), "\(path) does not exist")
        }
    }

    func testTheMapNamesWhereRoutingEachSLAAndTheTiersAreDecided() throws {
        let text = try String(contentsOf: root.appendingPathComponent("Sources/README.md"), encoding: .utf8)
        for file in ["Sources/ChaseCore/Rules/Routing.swift", "Sources/ChaseCore/Rules/SLA.swift", "Sources/ChaseCore/Rules/Reviews.swift",
                     "Sources/Chase/ReadPath/StateLoader.swift", "Sources/Chase/Tick/Tick.swift"] {
            XCTAssertTrue(text.contains("`\(file)`"), file)
        }
    }
}
