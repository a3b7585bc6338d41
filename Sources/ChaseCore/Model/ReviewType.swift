/// The three kinds of review in the blueprint.
public enum ReviewType: String, Sendable, CaseIterable, Codable {
    case canon, cultural, coordinator
}
