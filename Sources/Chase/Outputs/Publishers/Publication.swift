import ChaseCore
import Foundation
import GitKit

/// Once the rules have run: every scheduled task whose time has come is handed to the configured
/// publisher, and its answer goes into the context of the rules' second run (the Publishing rule
/// marks the task `published`). A crash after the call and before the commit leaves the task `scheduled`, so the
/// next tick sends it again with the same idempotency key.
struct Publication {
    var posts: [String: PublishedPost] = [:]
    /// Files the bot's commit must carry (the outbox publisher's posts).
    var writes: [TickPlan.Write] = []
    var notes: [String] = []

    static func perform(state: QueueState, config: Config, now: Date, repo: Repository, tree: Oid, dryRun: Bool,
                        environment: [String: String]) throws -> Publication {
        var result = Publication()
        guard config.rules.publishing else { return result }
        let settings = config.publisher
        for request in Publishing.due(in: state, now: now) {
            guard let output = request.output else {
                result.notes.append("\(request.task) is due for publishing but has no output file; set `output`")
                continue
            }
            let content: [UInt8]
            if let approved = request.approvedBlob {
                // Exactly what the reviews approved, whatever the file holds now.
                guard let oid = Oid(hex: approved), repo.objectExists(oid), let bytes = try? repo.blob(oid) else {
                    result.notes.append("\(request.task) is due for publishing but the approved \(output) (blob \(approved.prefix(7))) is not in the repository")
                    continue
                }
                content = bytes
            } else if let bytes = try repo.blob(at: output, in: tree)?.bytes {
                content = bytes
            } else {
                result.notes.append("\(request.task) is due for publishing but \(output) is not in the repository")
                continue
            }
            if dryRun, settings.kind != .outbox {
                result.notes.append("dry run: \(request.task) would be published through the \(settings.kind.rawValue) publisher")
                continue
            }
            let answer: Result<String, PublishFailure>
            switch settings.kind {
            case .outbox:
                let write = PostFile.write(request, content: content)
                result.writes.append(write)
                answer = .success(write.path)
            case .webhook:
                guard let value = environment[settings.urlEnv], !value.isEmpty else {
                    result.notes.append("\(request.task) was not published: \(settings.urlEnv) is not set to the publisher's URL")
                    continue
                }
                let url: URL
                switch WebhookURL.parse(value, variable: settings.urlEnv) {
                case .success(let parsed): url = parsed
                case .failure(let error):
                    result.notes.append("\(request.task) was not published: \(error)")
                    continue
                }
                answer = WebhookPublisher(url: url, timeout: settings.timeout).publish(request, content: content)
            case .command:
                answer = CommandPublisher(command: settings.command, workingDirectory: repo.workdir ?? repo.gitDir,
                                          environment: environment, timeout: settings.timeout, allowed: settings.env)
                    .publish(request, post: PostFile.render(request, content: content))
            }
            switch answer {
            case .success(let id):
                result.posts[request.task] = PublishedPost(postID: id, publisher: settings.kind.rawValue, revision: request.revision)
            case .failure(let failure):
                result.notes.append("\(request.task) was not published (tried again next tick): \(failure)")
            }
        }
        return result
    }
}
