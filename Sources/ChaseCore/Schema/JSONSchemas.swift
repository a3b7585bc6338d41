import Foundation

/// JSON Schemas of Chase's files, for editors that validate YAML as people type (`chase schema`;
/// `chase init` points the config at one with a `# yaml-language-server: $schema=…` line). They
/// describe the same keys and values the readers accept (the enums and key lists are the readers'
/// own); the readers stay the judges, with line numbers and cross-checks a schema cannot express.
public enum JSONSchemas {
    public enum Kind: String, CaseIterable, Sendable {
        case config, task, review
    }

    /// Where the schemas live in Chase's repository, one file a kind.
    public static func path(_ kind: Kind) -> String { "schemas/\(kind.rawValue).schema.json" }

    /// The schema as pretty-printed JSON with sorted keys, ending in a newline.
    public static func text(_ kind: Kind) -> String {
        let object: [String: Any]
        switch kind {
        case .config: object = config
        case .task: object = task
        case .review: object = review
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static let draft: String = "https://json-schema.org/draft-07/schema#"
    private static var taskID: [String: Any] { ["type": "string", "pattern": "^[A-Z][A-Z0-9]*-[0-9]{1,9}$", "description": "PREFIX-NUMBER, like CONTENT-010"] }
    private static var time: [String: Any] { ["type": "string", "description": "ISO 8601 UTC, like 2026-01-09T10:00:00Z"] }
    private static var agentNumber: [String: Any] { ["type": "integer", "minimum": 0, "maximum": 99] }
    private static func choice<E: RawRepresentable & CaseIterable>(_: E.Type, _ description: String) -> [String: Any] where E.RawValue == String {
        ["type": "string", "enum": E.allCases.map(\.rawValue), "description": description]
    }
    private static func strings(_ description: String) -> [String: Any] {
        ["type": "array", "items": ["type": "string"], "description": description]
    }

    static var task: [String: Any] {
        [
            "$schema": draft,
            "title": "Chase task (front matter of queue/<ID>.md)",
            "type": "object",
            "required": ["id", "title", "type"],
            "properties": [
                "id": taskID,
                "title": ["type": "string"],
                "type": choice(TaskType.self, "What kind of work; routes the task"),
                "content_type": ["type": "string", "description": "For content tasks: tweet, thread, article, …"],
                "priority": choice(Priority.self, "P0 (urgent) to P3; default P2"),
                "review_tier": ["type": "integer", "minimum": 1, "maximum": 3],
                "status": choice(TaskStatus.self, "in_review, approved, scheduled and published are the bot's or a maintainer's to set"),
                "assignee": agentNumber,
                "depends_on": ["type": "array", "items": taskID],
                "created": time,
                "output": ["type": "string", "pattern": "^outputs/", "description": "A path inside outputs/"],
                "scheduled_at": time,
                "platform": ["type": "string"],
                "revision": ["type": "integer", "minimum": 1, "description": "The bot's"],
                "escalated_at": time,
                "review_escalated_at": time,
                "platform_post_id": ["type": "string", "description": "The bot's"],
                "published_at": time,
                "approved_output": ["type": "string", "description": "The bot's: the approved output's blob, path, schedule and platform"],
            ] as [String: Any],
        ]
    }

    static var review: [String: Any] {
        [
            "$schema": draft,
            "title": "Chase review (front matter of reviews/<TASK>.<type>.md)",
            "type": "object",
            "required": ["id", "task", "type", "reviewer", "requested"],
            "properties": [
                "id": ["type": "string", "description": "<TASK>.<type>"],
                "task": taskID,
                "type": choice(ReviewType.self, "The kind of review"),
                "reviewer": agentNumber,
                "status": choice(ReviewStatus.self, "Set by the reviewer or a maintainer; closed is the bot's"),
                "revision": ["type": "integer", "minimum": 1],
                "requested": time,
                "due": time,
                "escalated_at": time,
            ] as [String: Any],
        ]
    }

    static var config: [String: Any] {
        [
            "$schema": draft,
            "title": "Chase configuration (.chase/config.yml)",
            "type": "object",
            "additionalProperties": false,
            "properties": [
                "bot": ["type": "object", "additionalProperties": false,
                        "properties": ["name": ["type": "string"], "email": ["type": "string"]] as [String: Any]] as [String: Any],
                "agents": ["type": "array", "items": [
                    "type": "object", "additionalProperties": false, "required": ["number", "name", "role"],
                    "properties": [
                        "number": agentNumber,
                        "name": ["type": "string"],
                        "role": ["type": "string"],
                        "max_concurrent": ["type": "integer", "minimum": 0],
                        "identities": strings("Git author emails that act for it (a claim, for local runs)"),
                        "github": strings("GitHub logins that act for it"),
                        "schedules": strings("Cron schedules (UTC) of its runs"),
                        "command": strings("What the agents workflow runs for it; its work list's files go last"),
                        "plans": ["type": "boolean", "description": "May create tasks through chase mcp (default: agent 0 only)"],
                    ] as [String: Any],
                ] as [String: Any]] as [String: Any],
                "maintainers": strings("\"@login\" (a GitHub login) or a git email"),
                "routing": ["type": "object"],
                "reviews": ["type": "object"],
                "sla": ["type": "object"],
                "rules": ["type": "object"],
                "notifications": ["type": "object"],
                "publisher": ["type": "object"],
                "dashboard": ["type": "object"],
            ] as [String: Any],
        ]
    }
}
