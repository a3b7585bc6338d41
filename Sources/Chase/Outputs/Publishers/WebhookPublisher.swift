import ChaseCore
import Foundation

/// Publishes by POSTing the post as JSON with an `Idempotency-Key` header (task id and revision);
/// the answer's `id` becomes the task's `platform_post_id`.
struct WebhookPublisher {
    var url: URL
    var timeout: TimeInterval
    var http = HTTPClient()

    func publish(_ request: PublishRequest, content: [UInt8]) -> Result<String, PublishFailure> {
        var body: [String: String] = [
            "idempotency_key": request.idempotencyKey, "task": request.task, "title": request.title,
            "revision": String(request.revision), "scheduled_at": Timestamp.format(request.scheduledAt),
            "content": String(decoding: content, as: UTF8.self),
        ]
        if let platform = request.platform { body["platform"] = platform }
        if let output = request.output { body["source"] = output }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = Array((try? encoder.encode(body)) ?? Data())
        switch http.postJSON(url, body: json, headers: ["Idempotency-Key": request.idempotencyKey], timeout: timeout) {
        case .failure(let failure):
            return .failure(PublishFailure(failure.description))
        case .success(let response):
            guard let id = PostID.parse(response.body, json: true) else {
                return .failure(PublishFailure("the answer has no post id (expected JSON with \"id\")"))
            }
            return .success(id)
        }
    }
}

/// Why a publisher did not publish; the task stays `scheduled` and is tried again next tick.
struct PublishFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Reads a post id from what a platform answered: a JSON object's `id` (string or number), or,
/// for a command, the last non-empty line it printed.
enum PostID {
    static func parse(_ bytes: [UInt8], json requireJSON: Bool) -> String? {
        if let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any], let id = object["id"] {
            if let s = id as? String, !s.isEmpty { return s }
            if let n = id as? NSNumber { return n.stringValue }
            return nil
        }
        if requireJSON { return nil }
        let line = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.last { !$0.isEmpty }
        guard let line, line.count <= 200 else { return nil }
        return line
    }
}
