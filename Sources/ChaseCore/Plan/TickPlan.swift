/// What a tick decided: the files to write and the events to record and deliver.
public struct TickPlan: Sendable {
    public struct Write: Sendable, Equatable {
        public var path: String
        public var bytes: [UInt8]
        public var isNew: Bool
    }

    public var writes: [Write]
    public var events: [Event]

    /// Turns the rules' workspace into whole-file writes: key edits applied byte-preservingly to the
    /// files as they are at the head, created reviews rendered. A file the editor cannot edit safely
    /// is left as it is and reported.
    public static func build(from ws: Workspace, original: [String: [UInt8]], source: EventSource) -> TickPlan {
        var writes: [Write] = []
        var events = ws.events
        for path in ws.editOrder {
            guard let keys = ws.edits[path], let bytes = original[path] else { continue }
            do {
                let edited = try FrontMatterEditor.apply(keys.map { $0.value.map { [key = $0.key] in .set(key, $0) } ?? .remove($0.key) }, to: bytes)
                if edited != bytes { writes.append(Write(path: path, bytes: edited, isNew: false)) }
            } catch {
                let problem = FileProblem(path: path, message: "the bot could not edit this file: \(error)")
                if ws.context.changedPaths.contains(path) {
                    events.append(EventDerivation.invalidEvent(FileProblems([problem]), source: source))
                }
            }
        }
        for id in ws.createdReviews.sorted() {
            guard let review = ws.state.reviews[id] else { continue }
            let task = ws.state.tasks[review.task]
            writes.append(Write(path: review.path, bytes: ReviewFile.render(review, task: task), isNew: true))
        }
        return TickPlan(writes: writes, events: events)
    }
}
