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

    /// Sorted. An id's entry is found again from its start, which the caller knows (the value it
    /// had before the change), so no map from id to start is kept.
    private var entries: [Entry] = []

    init() {}

    /// All at once, from pairs in any order (a state being built): one sort, not an insert each.
    init<Pairs: Sequence>(_ pairs: Pairs) where Pairs.Element == (id: String, start: Date) {
        entries = pairs.map { Entry(start: $0.start.timeIntervalSinceReferenceDate, id: $0.id) }
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

    /// Moves `id`'s clock from the start it had (nil: none) to its new start (nil: none).
    mutating func move(_ id: String, from old: Date?, to new: Date?) {
        guard old != new else { return }
        if let old {
            let entry = Entry(start: old.timeIntervalSinceReferenceDate, id: id), i = position(entry)
            if i < entries.count, entries[i] == entry { entries.remove(at: i) }
        }
        if let new {
            let entry = Entry(start: new.timeIntervalSinceReferenceDate, id: id)
            entries.insert(entry, at: position(entry))
        }
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
