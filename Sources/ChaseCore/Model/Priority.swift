/// P0 is the most urgent.
public enum Priority: String, Sendable, CaseIterable, Codable, Comparable {
    case p0 = "P0", p1 = "P1", p2 = "P2", p3 = "P3"
    public static func < (a: Priority, b: Priority) -> Bool { a.rawValue < b.rawValue }
}
