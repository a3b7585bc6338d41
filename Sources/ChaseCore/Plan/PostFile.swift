/// The post the outbox publisher writes under `outputs/published/`, ready for a human or a tool:
/// what to publish, where and when, then the work product's text as it is.
public enum PostFile {
    public static func path(for request: PublishRequest) -> String {
        PublisherSettings.outboxFolder + request.task + ".md"
    }

    public static func render(_ request: PublishRequest, content: [UInt8]) -> [UInt8] {
        var fields: [(String, String)] = [("task", request.task), ("title", request.title)]
        if let platform = request.platform { fields.append(("platform", platform)) }
        fields.append(("scheduled_at", Timestamp.format(request.scheduledAt)))
        fields.append(("idempotency_key", request.idempotencyKey))
        if let output = request.output { fields.append(("source", output)) }
        var text = "---\n"
        for (key, value) in fields { text += "\(key): \(YAMLScalarFormat.render(value))\n" }
        text += "---\n"
        return Array(text.utf8) + content
    }

    /// The post as a write of the bot's commit.
    public static func write(_ request: PublishRequest, content: [UInt8]) -> TickPlan.Write {
        TickPlan.Write(path: path(for: request), bytes: render(request, content: content), isNew: true)
    }
}
