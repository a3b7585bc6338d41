import Foundation

/// Reads the `notifications`, `publisher` and `dashboard` sections of `.chase/config.yml` into the
/// config; a wrong value stops with a problem naming the key and its line. Sections that are absent
/// keep their defaults.
///
/// ```yaml
/// notifications:
///   max_attempts: 5          # deliveries of one notice before giving up
///   backoff: 5m              # first retry; doubled for each later one
///   timeout: 10s
///   recipients:
///     - name: humans
///       events: [sla.exceeded, task.escalated, file.invalid]
///       channels: [github, webhook]      # github | webhook | outbox
///       webhook_url_env: CHASE_WEBHOOK_URL
///       webhook_format: slack            # slack | discord
///       mention: "<!here>"
/// publisher:
///   kind: webhook            # outbox (default) | webhook | command
///   url_env: CHASE_PUBLISH_URL
///   command: [scripts/publish.sh]
///   env: [TWITTER_TOKEN]     # variables the command gets (besides PATH, HOME, LANG, LC_ALL, TMPDIR, TZ)
///   timeout: 30s
/// dashboard:
///   enabled: true
///   path: DASHBOARD.md
/// ```
public enum ServiceSettingsReader {
    public static let path = ConfigYAML.path

    /// Applies whichever of the three sections the config file's root mapping has.
    public static func apply(root: YAMLNode, to config: inout Config) throws(FileProblem) {
        guard case .mapping(let pairs, _) = root else { return }
        for pair in pairs {
            switch pair.key.text {
            case "notifications": config.notifications = try notifications(pair.value)
            case "publisher": config.publisher = try publisher(pair.value)
            case "dashboard": config.dashboard = try dashboard(pair.value)
            default: break
            }
        }
    }

    static func notifications(_ node: YAMLNode) throws(FileProblem) -> NotificationSettings {
        var settings = NotificationSettings.default
        for (key, value) in try ConfigYAML.mapping(node, "notifications") {
            switch key.text {
            case "max_attempts": settings.maxAttempts = try ConfigYAML.integer(value, "notifications.max_attempts", in: 1...100)
            case "backoff": settings.backoff = try ConfigYAML.duration(value, "notifications.backoff")
            case "timeout": settings.timeout = try ConfigYAML.duration(value, "notifications.timeout")
            case "recipients":
                guard case .sequence(let items, _) = value else {
                    throw ConfigYAML.problem(value, "notifications.recipients must be a list of recipients")
                }
                settings.recipients = try items.map(recipient)
            default: throw ConfigYAML.problem(.scalar(key), "notifications.\(key.text) is not a setting (max_attempts, backoff, timeout, recipients)")
            }
        }
        return settings
    }

    static func recipient(_ node: YAMLNode) throws(FileProblem) -> NotificationRecipient {
        var name: String?, agent: Int?, mention: String?, events: [EventType] = [], channels: [NotificationChannel] = []
        var env = NotificationSettings.defaultWebhookEnv, format = WebhookFormat.slack
        for (key, value) in try ConfigYAML.mapping(node, "a recipient") {
            let field = "recipients.\(key.text)"
            switch key.text {
            case "name": name = try ConfigYAML.text(value, field)
            case "agent": agent = try ConfigYAML.integer(value, field, in: 0...99)
            case "mention": mention = try ConfigYAML.text(value, field)
            case "events": events = try ConfigYAML.list(value, field).map { (s, n) throws(FileProblem) in
                guard let e = EventType(rawValue: s), NotificationSettings.notifiable.contains(e) else {
                    throw ConfigYAML.problem(n, "\(field): '\(s)' is not one of \(NotificationSettings.notifiable.map(\.rawValue).joined(separator: ", "))")
                }
                return e
            }
            case "channels": channels = try ConfigYAML.list(value, field).map { (s, n) throws(FileProblem) in
                guard let c = NotificationChannel(rawValue: s) else { throw ConfigYAML.problem(n, "\(field): '\(s)' is not github, webhook or outbox") }
                return c
            }
            case "webhook_url_env": env = try ConfigYAML.text(value, field)
            case "webhook_format":
                guard let f = WebhookFormat(rawValue: try ConfigYAML.text(value, field)) else { throw ConfigYAML.problem(value, "\(field) must be slack or discord") }
                format = f
            default: throw ConfigYAML.problem(.scalar(key), "\(field) is not a setting (name, agent, mention, events, channels, webhook_url_env, webhook_format)")
            }
        }
        guard let name else { throw ConfigYAML.problem(node, "a recipient needs a name") }
        return NotificationRecipient(name: name, agent: agent, mention: mention, events: events, channels: channels,
                                     webhookURLEnv: env, webhookFormat: format)
    }

    static func publisher(_ node: YAMLNode) throws(FileProblem) -> PublisherSettings {
        var settings = PublisherSettings()
        for (key, value) in try ConfigYAML.mapping(node, "publisher") {
            let field = "publisher.\(key.text)"
            switch key.text {
            case "kind":
                guard let kind = PublisherKind(rawValue: try ConfigYAML.text(value, field)) else {
                    throw ConfigYAML.problem(value, "\(field) must be outbox, webhook or command")
                }
                settings.kind = kind
            case "url_env": settings.urlEnv = try ConfigYAML.text(value, field)
            case "command": settings.command = try ConfigYAML.list(value, field).map(\.0)
            case "timeout": settings.timeout = try ConfigYAML.duration(value, field)
            case "env":
                settings.env = try ConfigYAML.list(value, field).map { (name, item) throws(FileProblem) in
                    guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), name.first?.isNumber == false else {
                        throw ConfigYAML.problem(item, "\(field): '\(name)' is not an environment variable name")
                    }
                    return name
                }
            default: throw ConfigYAML.problem(.scalar(key), "\(field) is not a setting (kind, url_env, command, env, timeout)")
            }
        }
        if settings.kind == .command, settings.command.isEmpty {
            throw ConfigYAML.problem(node, "publisher.command is needed when publisher.kind is command")
        }
        return settings
    }

    static func dashboard(_ node: YAMLNode) throws(FileProblem) -> DashboardSettings {
        var settings = DashboardSettings()
        for (key, value) in try ConfigYAML.mapping(node, "dashboard") {
            let field = "dashboard.\(key.text)"
            switch key.text {
            case "enabled":
                switch try ConfigYAML.text(value, field) {
                case "true": settings.enabled = true
                case "false": settings.enabled = false
                default: throw ConfigYAML.problem(value, "\(field) must be true or false")
                }
            case "path":
                let path = try ConfigYAML.text(value, field)
                guard !path.isEmpty, !path.hasPrefix("/"), !path.split(separator: "/").contains(".."),
                      !RepoPath.watched.contains(where: { path.hasPrefix($0) }) else {
                    throw ConfigYAML.problem(value, "\(field) must be a relative path outside queue/, reviews/ and outputs/")
                }
                settings.path = path
            default: throw ConfigYAML.problem(.scalar(key), "\(field) is not a setting (enabled, path)")
            }
        }
        return settings
    }
}
