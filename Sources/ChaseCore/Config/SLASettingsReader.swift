import Foundation

/// Reads the `sla` section of `.chase/config.yml`: how long a review of each type may stay pending
/// in each tier, how long a tier's whole round of reviews may take, and how long a task of each
/// priority may stay open. Durations are written like `30m`, `2h` or `1d`; a type, tier or
/// priority left out has no limit. Each table given replaces the default one.
///
/// ```yaml
/// sla:
///   review:
///     1: {canon: 2h, cultural: 2h, coordinator: 30m}
///     2: {cultural: 1h, coordinator: 30m}
///     3: {coordinator: 15m}
///   total_review: {1: 4h, 2: 2h, 3: 30m}
///   open_task: {P0: 24h, P1: 72h}
///   lease: {P0: 2h, P1: 6h}       # in progress with no commit touching it this long: taken back
/// ```
enum SLASettingsReader {
    static func apply(_ node: YAMLNode, to config: inout Config, lines: inout ConfigLines) throws(FileProblem) {
        for (key, value) in try ConfigYAML.mapping(node, "sla") {
            let field = "sla.\(key.text)"
            switch key.text {
            case "review":
                var review: [Int: [ReviewType: TimeInterval]] = [:]
                lines.slaReview = [:]
                for (tierKey, types) in try ConfigYAML.mapping(value, field) {
                    let tier = try self.tier(tierKey, field)
                    var limits: [ReviewType: TimeInterval] = [:]
                    for (typeKey, limit) in try ConfigYAML.mapping(types, "\(field).\(tier)") {
                        let type = try ReviewSettingsReader.reviewType(.scalar(typeKey), typeKey.text, "\(field).\(tier)")
                        limits[type] = try ConfigYAML.duration(limit, "\(field).\(tier).\(typeKey.text)")
                        lines.slaReview[tier, default: [:]][type] = typeKey.line
                    }
                    review[tier] = limits
                }
                config.sla.review = review
            case "total_review":
                var total: [Int: TimeInterval] = [:]
                lines.slaTotal = [:]
                for (tierKey, limit) in try ConfigYAML.mapping(value, field) {
                    let tier = try self.tier(tierKey, field)
                    total[tier] = try ConfigYAML.duration(limit, "\(field).\(tier)")
                    lines.slaTotal[tier] = tierKey.line
                }
                config.sla.totalReview = total
            case "lease":
                var lease: [Priority: TimeInterval] = [:]
                for (priorityKey, limit) in try ConfigYAML.mapping(value, field) {
                    guard let priority = Priority(rawValue: priorityKey.text) else {
                        throw ConfigYAML.problem(.scalar(priorityKey), "\(field): '\(priorityKey.text)' is not a priority (P0, P1, P2, P3)")
                    }
                    lease[priority] = try ConfigYAML.duration(limit, "\(field).\(priorityKey.text)")
                }
                config.sla.lease = lease
            case "open_task":
                var open: [Priority: TimeInterval] = [:]
                for (priorityKey, limit) in try ConfigYAML.mapping(value, field) {
                    guard let priority = Priority(rawValue: priorityKey.text) else {
                        throw ConfigYAML.problem(.scalar(priorityKey), "\(field): '\(priorityKey.text)' is not a priority (P0, P1, P2, P3)")
                    }
                    open[priority] = try ConfigYAML.duration(limit, "\(field).\(priorityKey.text)")
                }
                config.sla.openTask = open
            default:
                throw ConfigYAML.problem(.scalar(key), "\(field) is not a setting (review, total_review, open_task, lease)")
            }
        }
    }

    static func tier(_ key: YAMLScalar, _ field: String) throws(FileProblem) -> Int {
        guard let tier = Int(key.text), ReviewSettingsReader.tierNumbers.contains(tier) else {
            throw ConfigYAML.problem(.scalar(key), "\(field): '\(key.text)' is not a tier (1, 2 or 3)")
        }
        return tier
    }
}
