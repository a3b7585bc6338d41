import ChaseCore
import Foundation
import GitKit

/// `chase report`: the history read and counted.
public enum HistoryReport {
    public static func build(_ snapshot: QueueSnapshot, since: Date?, until: Date) throws -> QueueReport {
        let history = try EventHistory.read(snapshot, touchedTasks: true)
        var humanTouched: Set<String> = []
        for c in history where AuthorKind.of(name: c.author, email: c.email, isBotCommit: c.isBot, config: snapshot.config) == .human {
            humanTouched.formUnion(c.touchedTasks)
        }
        return QueueReport.build(events: history.flatMap(\.events), humanTouched: humanTouched, state: snapshot.state,
                                 config: snapshot.config, since: since, until: until)
    }
}
