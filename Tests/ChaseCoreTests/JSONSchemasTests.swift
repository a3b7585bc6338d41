@testable import ChaseCore
import Foundation
import XCTest

/// The schemas editors validate with describe what the readers accept, and the copies in
/// schemas/ are what `chase schema` prints.
final class JSONSchemasTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func object(_ kind: JSONSchemas.Kind) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(JSONSchemas.text(kind).utf8)) as? [String: Any])
    }

    private func properties(_ schema: [String: Any]) throws -> Set<String> {
        Set(try XCTUnwrap(schema["properties"] as? [String: Any]).keys)
    }

    func testTheConfigSchemaHasTheReadersSectionsAndAgentKeys() throws {
        let config = try object(.config)
        XCTAssertEqual(try properties(config), Set(ConfigReader.sections))
        XCTAssertEqual(config["additionalProperties"] as? Bool, false, "a misspelt section is flagged as the reader flags it")
        let agents = try XCTUnwrap((try XCTUnwrap(config["properties"] as? [String: Any])["agents"] as? [String: Any])?["items"] as? [String: Any])
        XCTAssertEqual(try properties(agents), Set(TeamSettingsReader.agentKeys))
    }

    func testTheTaskAndReviewSchemasUseTheModelsValues() throws {
        let task = try XCTUnwrap(try object(.task)["properties"] as? [String: Any])
        XCTAssertEqual((task["status"] as? [String: Any])?["enum"] as? [String], TaskStatus.allCases.map(\.rawValue))
        XCTAssertEqual((task["priority"] as? [String: Any])?["enum"] as? [String], ["P0", "P1", "P2", "P3"])
        let pattern = try XCTUnwrap((task["id"] as? [String: Any])?["pattern"] as? String)
        for id in ["CONTENT-010", "A-1", "LORE2-123456789", "content-1", "CONTENT-", "-1", "C-1234567890", "CON-TENT-1"] {
            XCTAssertEqual(id.range(of: pattern, options: .regularExpression) != nil, TaskID.isValid(id), id)
        }
        let review = try XCTUnwrap(try object(.review)["properties"] as? [String: Any])
        XCTAssertEqual((review["status"] as? [String: Any])?["enum"] as? [String], ReviewStatus.allCases.map(\.rawValue))
    }

    func testTheRepositorysCopiesAreWhatChaseSchemaPrints() throws {
        for kind in JSONSchemas.Kind.allCases {
            let onDisk = try String(contentsOf: root.appendingPathComponent(JSONSchemas.path(kind)), encoding: .utf8)
            XCTAssertEqual(onDisk, JSONSchemas.text(kind), "\(JSONSchemas.path(kind)): run chase schema \(kind.rawValue) > \(JSONSchemas.path(kind))")
        }
    }
}
