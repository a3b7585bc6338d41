import ChaseCore
import GitKit

/// The blob ids of the output files that content tasks under review or approved name, at the
/// tick's head: what the Reviews rule records as approved and the Approval rule compares against.
/// All looked up at once, each folder listed once (`TreeReader.entries(at:in:)`): an old queue has
/// tens of thousands of approved outputs side by side in one folder.
enum OutputBlobs {
    static func read(state: QueueState, trees: TreeReader, tree: Oid) throws -> [String: String] {
        let outputs = Set(state.contentTasks(withStatus: .complete, .inReview, .approved, .scheduled).compactMap(\.output))
        var blobs: [String: String] = [:]
        for (path, entry) in try trees.entries(at: outputs.sorted(), in: tree) where entry.mode != 0o040000 && entry.mode != 0o160000 {
            // A file or a link, as `Repository.blobID(at:in:)` counts them; not a folder or a submodule.
            blobs[path] = entry.oid.hex
        }
        return blobs
    }
}
