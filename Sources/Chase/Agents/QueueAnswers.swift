import ChaseCore
import Foundation
import GitKit

/// The shapes the read tools answer in (JSON, snake_case keys), each bounded: titles, bodies and
/// outputs are cut at a stated length with a flag saying so.
enum QueueAnswers {
    static let titleLimit = 300
    static let bodyLimit = 16_000
    static let outputLimit = 32_000
    static let recentEvents = 20
    /// How far back `recent_events` looks: the newest commits of the branch.
    static let eventCommits = 400

    /// A front matter value as JSON: scalars as their text (null for YAML null), lists, mappings.
    indirect enum FieldValue: Encodable {
        case text(String?), list([FieldValue]), map([String: FieldValue])

        init(_ node: YAMLNode) {
            switch node {
            case .scalar(let s): self = .text(s.isNull ? nil : AnswerPaging.clip(s.text, 2_000).0)
            case .sequence(let items, _): self = .list(items.prefix(200).map(FieldValue.init))
            case .mapping(let pairs, _):
                var out: [String: FieldValue] = [:]
                for pair in pairs.prefix(200) { out[pair.key.text] = FieldValue(pair.value) }
                self = .map(out)
            }
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .text(let s): try c.encode(s)
            case .list(let items): try c.encode(items)
            case .map(let pairs): try c.encode(pairs)
            }
        }
    }

    static func frontMatter(_ fm: FrontMatter) -> [String: FieldValue] {
        var out: [String: FieldValue] = [:]
        for pair in fm.fields.prefix(200) { out[pair.key.text] = FieldValue(pair.value) }
        return out
    }

    /// One item of a list: a task or review the agent can act on, or a task found by a search.
    struct Item: Encodable {
        var kind: String
        var id: String
        var task: String
        var title: String
        var status: String
        var priority: String
        var deadline: Date?
        var path: String
        var output: String?
        var assignee: Int?
        var type: String?

        init(_ w: WorkItem) {
            kind = w.kind.rawValue; id = w.id; task = w.task; title = AnswerPaging.clip(w.title, titleLimit).0
            status = w.status; priority = w.priority.rawValue; deadline = w.deadline; path = w.path; output = w.output
        }

        init(_ t: Task) {
            kind = "task"; id = t.id; task = t.id; title = AnswerPaging.clip(t.title, titleLimit).0; status = t.status.rawValue
            priority = t.priority.rawValue; path = t.path; output = t.output; assignee = t.assignee; type = t.type.rawValue
        }
    }

    struct ReviewRef: Encodable {
        var id: String, type: String, reviewer: Int, status: String, revision: Int, path: String, requested: Date, due: Date?
        init(_ r: Review) {
            id = r.id; type = r.type.rawValue; reviewer = r.reviewer; status = r.status.rawValue; revision = r.revision
            path = r.path; requested = r.requested; due = r.due
        }
    }

    struct Dependency: Encodable {
        var id: String
        /// Its status, or `missing`.
        var status: String
        var done: Bool
    }

    struct EventRef: Encodable {
        var type: String, subject: String, time: Date, author: String, commit: String, payload: [String: String]
        init(_ e: Event) {
            type = e.type.rawValue; subject = e.subject; time = e.time; author = e.author; commit = e.commit; payload = e.payload
        }
    }

    struct Output: Encodable {
        var path: String
        var exists: Bool
        var text: String?
        var truncated: Bool
    }

    struct Body: Encodable {
        var text: String
        var truncated: Bool
    }

    static func body(_ fm: FrontMatter) -> Body {
        let (text, cut) = AnswerPaging.clip(fm.body, bodyLimit)
        return Body(text: text, truncated: cut)
    }

    static func output(_ path: String?, _ snapshot: QueueSnapshot) throws -> Output? {
        guard let path, RepoPath.isSafeOutput(path) else { return nil }
        guard let bytes = try snapshot.fileBytes(path) else { return Output(path: path, exists: false, text: nil, truncated: false) }
        let (text, cut) = AnswerPaging.clip(String(decoding: bytes, as: UTF8.self), outputLimit)
        return Output(path: path, exists: true, text: text, truncated: cut)
    }

    /// The events the bot recorded about `task` (or one of its reviews) in the newest commits, newest first.
    static func recentEvents(_ task: String, _ snapshot: QueueSnapshot) throws -> [EventRef] {
        var found: [EventRef] = []
        _ = try ChaseError.reportingGit {
            try snapshot.repo.firstParentHistory(from: snapshot.headOid, stopAt: { info in
                // Only the bot's own commits record events; anyone can write a trailer.
                guard info.author.email == snapshot.config.botEmail else { return false }
                for event in CommitMessage.events(info.message).reversed() where event.task == task || event.subject == task {
                    found.append(EventRef(event))
                }
                return found.count >= recentEvents
            }, limit: eventCommits)
        }
        return Array(found.prefix(recentEvents))
    }
}
