import Foundation

/// `chase report` for people: one section per figure.
public enum ReportText {
    public static func render(_ r: QueueReport, config: Config) -> String {
        var out = "Report \(r.since.map { Timestamp.format($0) + " → " } ?? "all history → ")\(Timestamp.format(r.until))\n\n"
        out += "Review times (median / max against the SLA):\n"
        if r.reviewTimes.isEmpty { out += "  no review completed\n" }
        for t in r.reviewTimes {
            let sla = t.slaMinutes.map { "SLA \(SLARisk.duration(TimeInterval($0 * 60)))" } ?? "no SLA"
            out += "  \(t.reviewType) tier \(t.tier): \(t.completed) done, median \(minutes(t.medianMinutes)), max \(minutes(t.maxMinutes)), "
            out += "\(sla), \(t.withinSLA)/\(t.completed) within\n"
        }
        let breaches = r.slaExceeded.keys.sorted().map { "\($0) \(r.slaExceeded[$0]!)" }
        out += "\nEscalations: \(breaches.isEmpty ? "no SLA breach" : "SLA breaches: " + breaches.joined(separator: ", "))"
        out += r.escalatedTasks.isEmpty ? "; no task escalated\n" : "; tasks escalated: \(r.escalatedTasks.joined(separator: ", "))\n"
        out += "Dependencies resolved: \(r.dependencyResolutions)"
        out += r.medianBlockedMinutes.map { ", median time blocked \(minutes($0))\n" } ?? "\n"
        out += "\nAgent workload (assigned / completed / reviews in the period; load now):\n"
        for w in r.workload where w.assigned + w.completed + w.reviewsDone + w.load > 0 {
            let name = config.agent(w.agent)?.name ?? ""
            out += "  \(w.agent < 10 ? "0" : "")\(w.agent) \(name): \(w.assigned) / \(w.completed) / \(w.reviewsDone); \(w.load) of \(w.capacity)\n"
        }
        if let share = r.autonomousShare {
            out += "\nNo human change: \(r.finishedWithoutHumans.count) of \(r.finished.count) finished tasks (\(Int((share * 100).rounded()))%)\n"
        } else {
            out += "\nNo task finished in the period.\n"
        }
        return out
    }

    static func minutes(_ m: Int) -> String { SLARisk.duration(TimeInterval(m * 60)) }
}
