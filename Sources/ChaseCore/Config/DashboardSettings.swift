/// Whether each tick commits `DASHBOARD.md`, and where.
public struct DashboardSettings: Sendable, Equatable, Codable {
    public var enabled: Bool
    public var path: String

    public init(enabled: Bool = false, path: String = "DASHBOARD.md") {
        self.enabled = enabled; self.path = path
    }
}
