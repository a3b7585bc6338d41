import ChaseCore
import GitKit

/// The blob ids of the output files that content tasks under review or approved name, at the
/// tick's head: what the Reviews rule records as approved and the Approval rule compares against.
enum OutputBlobs {
    static func read(state: QueueState, repo: Repository, tree: Oid) throws -> [String: String] {
        var blobs: [String: String] = [:]
        for task in state.contentTasks(withStatus: .complete, .inReview, .approved, .scheduled) {
            guard let output = task.output, blobs[output] == nil else { continue }
            if let oid = try repo.blobID(at: output, in: tree) { blobs[output] = oid.hex }
        }
        return blobs
    }
}
