/// Reads the `reviews` section of `.chase/config.yml`: each tier's stages (the review types of a
/// stage run in parallel, a stage starts once the one before it approved), the agent that does
/// each type of review, and the tier of a content task that names none. A `tiers` or `reviewers`
/// table given replaces the default one.
///
/// ```yaml
/// reviews:
///   default_tier: 2
///   reviewers: {canon: 8, cultural: 9, coordinator: 0}
///   tiers:
///     1: [[canon, cultural], coordinator]   # canon and cultural together, then the coordinator
///     2: [cultural, coordinator]
///     3: [coordinator]
/// ```
enum ReviewSettingsReader {
    /// Tasks name tiers 1 to 3 (`review_tier`), so those are the tiers a config defines.
    static let tierNumbers = 1...3
    static var typeNames: String { ReviewType.allCases.map(\.rawValue).joined(separator: ", ") }

    static func apply(_ node: YAMLNode, to config: inout Config, lines: inout ConfigLines) throws(FileProblem) {
        for (key, value) in try ConfigYAML.mapping(node, "reviews") {
            let field = "reviews.\(key.text)"
            switch key.text {
            case "default_tier":
                config.defaultReviewTier = try ConfigYAML.integer(value, field, in: tierNumbers)
                lines.defaultTier = value.line
            case "reviewers":
                var reviewers: [ReviewType: Int] = [:]
                lines.reviewers = [:]
                for (name, agent) in try ConfigYAML.mapping(value, field) {
                    let type = try reviewType(.scalar(name), name.text, "\(field)")
                    reviewers[type] = try ConfigYAML.integer(agent, "\(field).\(name.text)", in: 0...99)
                    lines.reviewers[type] = agent.line
                }
                config.reviewers = reviewers
            case "tiers":
                var tiers: [Int: ReviewTier] = [:]
                lines.tiers = [:]
                for (number, stages) in try ConfigYAML.mapping(value, field) {
                    guard let tier = Int(number.text), tierNumbers.contains(tier) else {
                        throw ConfigYAML.problem(.scalar(number), "\(field): '\(number.text)' is not a tier (tasks name tier 1, 2 or 3)")
                    }
                    tiers[tier] = ReviewTier(stages: try self.stages(stages, "\(field).\(tier)"))
                    lines.tiers[tier] = number.line
                }
                for tier in tierNumbers where tiers[tier] == nil {
                    throw ConfigYAML.problem(value, "\(field) must define tier \(tier) too (tasks may name any of 1, 2 and 3)")
                }
                config.tiers = tiers
            default:
                throw ConfigYAML.problem(.scalar(key), "\(field) is not a setting (default_tier, reviewers, tiers)")
            }
        }
    }

    /// `[[canon, cultural], coordinator]`: a list of stages, each a review type or a list of types
    /// done in parallel. `[]` is a tier with no reviews (approved as soon as it is complete).
    static func stages(_ node: YAMLNode, _ field: String) throws(FileProblem) -> [[ReviewType]] {
        guard case .sequence(let items, _) = node else {
            throw ConfigYAML.problem(node, "\(field) must be a list of stages like [[canon, cultural], coordinator]")
        }
        var stages: [[ReviewType]] = [], seen: Set<ReviewType> = []
        for item in items {
            let members: [(String, YAMLNode)]
            if let text = item.scalarText { members = [(text, item)] } else { members = try ConfigYAML.list(item, field) }
            guard !members.isEmpty else { throw ConfigYAML.problem(item, "\(field): a stage must name at least one review type") }
            var stage: [ReviewType] = []
            for (text, member) in members {
                let type = try reviewType(member, text, field)
                // A review's id is its task, type and revision: one type can be asked once per round.
                guard seen.insert(type).inserted else {
                    throw ConfigYAML.problem(member, "\(field) asks for a \(text) review twice; each type runs once per round")
                }
                stage.append(type)
            }
            stages.append(stage)
        }
        return stages
    }

    static func reviewType(_ node: YAMLNode, _ text: String, _ field: String) throws(FileProblem) -> ReviewType {
        guard let type = ReviewType(rawValue: text) else {
            throw ConfigYAML.problem(node, "\(field): '\(text)' is not a review type (\(typeNames))")
        }
        return type
    }
}
