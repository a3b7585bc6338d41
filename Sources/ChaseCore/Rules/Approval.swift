import Foundation

/// What the reviews of a content task approved, as the bot records it in the task's bot-owned
/// `approved_output` key: the output file's blob id, the output path, the schedule and the platform
/// (`<blob> <output> <scheduled_at> <platform>`, `-` for none, spaces and `%` percent-encoded).
/// Publishing sends exactly that blob; any change of the four after approval re-opens review.
public struct ApprovedContent: Sendable, Equatable {
    /// The output's blob id (hex), or nil when the task names no output or it is missing.
    public var blob: String?
    public var output: String?
    public var scheduledAt: Date?
    public var platform: String?

    /// What `task` would be approved as now, with `blobs` giving each output path's blob id.
    public init(task: Task, blobs: [String: String]) {
        blob = task.output.flatMap { blobs[$0] }
        output = task.output; scheduledAt = task.scheduledAt; platform = task.platform
    }

    /// Reads a recorded value back; nil when it is not one.
    public init?(recorded text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, let fields = Optional(parts.map(Self.decode)) else { return nil }
        if let blob = fields[0], blob.count != 40 || !blob.allSatisfy(\.isHexDigit) { return nil }
        blob = fields[0]; output = fields[1]; platform = fields[3]
        if let at = fields[2] {
            guard let date = Timestamp.parse(at) else { return nil }
            scheduledAt = date
        }
    }

    /// The value of `approved_output`.
    public var recorded: String {
        [blob, output, scheduledAt.map(Timestamp.format), platform].map(Self.encode).joined(separator: " ")
    }

    /// What differs from `other`, by key name (`output file`, `output`, `scheduled_at`, `platform`).
    public func changes(to other: ApprovedContent) -> [String] {
        var out: [String] = []
        if output != other.output { out.append("output") } else if blob != other.blob { out.append("output file") }
        if scheduledAt != other.scheduledAt { out.append("scheduled_at") }
        if platform != other.platform { out.append("platform") }
        return out
    }

    private static func encode(_ value: String?) -> String {
        guard let value else { return "-" }
        if value == "-" { return "%2D" }
        return value.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: " ", with: "%20")
    }

    private static func decode(_ text: String) -> String? {
        text == "-" ? nil : text.removingPercentEncoding ?? text
    }
}

/// Approved content stays approved only as it was (DESIGN.md "Trust"): an `approved` or `scheduled`
/// task whose output file, `output`, `scheduled_at` or `platform` changed after its reviews approved
/// goes back to review with its next revision (the Reviews rule then asks for a new round), with a
/// `content.changed` event saying what changed. A task approved before the bot recorded
/// `approved_output` (or moved there by a maintainer) has nothing to compare and is left alone.
public enum Approval {
    public static func apply(_ ws: inout Workspace) {
        let blobs = ws.context.outputBlobs
        for task in ws.state.contentTasks(withStatus: .approved, .scheduled).sorted(by: { $0.id < $1.id }) {
            guard let text = task.approvedOutput else { continue }
            let now = ApprovedContent(task: task, blobs: blobs)
            let approved = ApprovedContent(recorded: text)
            let changed = approved.map { $0.changes(to: now) } ?? ["approved_output"]
            guard !changed.isEmpty else { continue }
            let next = task.revision + 1
            ws.update(task: task.id) {
                $0.status = .inReview
                $0.revision = next
                $0.approvedOutput = nil
            }
            ws.emit(.contentChanged, subject: task.id, task: task.id, payload: [
                "changed": changed.joined(separator: ","), "revision": String(next), "from": task.status.rawValue,
            ])
        }
    }
}
