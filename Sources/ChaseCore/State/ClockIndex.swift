import Foundation

/// Ids ordered by the time a clock started for each (an SLA's start), so the ones whose clock has
/// run longer than a limit are found from the oldest on, without visiting the others.
struct ClockIndex: Sendable {
    /// A start (seconds since the reference date, as `Date` holds it) and its id, ordered by both.
    private struct Entry: Comparable, Sendable {
        var start: TimeInterval
        var id: String
        static func < (a: Entry, b: Entry) -> Bool { a.start != b.start ? a.start < b.start : a.id < b.id }
    }

    /// Sorted.
    private var entries: [Entry] = []
    private var startByID: [String: TimeInterval] = [:]

    init() {}

    /// All at once, from pairs in any order (a state being built): one sort, not an insert each.
    init<Pairs: Sequence>(_ pairs: Pairs) where Pairs.Element == (id: String, start: Date) {
        for (id, start) in pairs {
            let seconds = start.timeIntervalSinceReferenceDate
            entries.append(Entry(start: seconds, id: id))
            startByID[id] = seconds
        }
        entries.sort()
    }

    /// Where `entry` is or would go.
    private func position(_ entry: Entry) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid] < entry { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Starts `id`'s clock at `start`, moves it, or (nil) takes it out.
    mutating func set(_ id: String, start: Date?) {
        let seconds = start?.timeIntervalSinceReferenceDate
        if let old = startByID[id] {
            if old == seconds { return }
            entries.remove(at: position(Entry(start: old, id: id)))
            startByID[id] = nil
        }
        guard let seconds else { return }
        entries.insert(Entry(start: seconds, id: id), at: position(Entry(start: seconds, id: id)))
        startByID[id] = seconds
    }

    /// The ids whose clock has run more than `limit` at `now`, oldest first. The time since a start
    /// only shrinks as the starts grow, so the walk stops at the first that has not.
    func ids(runningLongerThan limit: TimeInterval, at now: Date) -> [String] {
        var out: [String] = []
        for entry in entries {
            guard now.timeIntervalSince(Date(timeIntervalSinceReferenceDate: entry.start)) > limit else { break }
            out.append(entry.id)
        }
        return out
    }
}
