import Foundation

/// The status board for a terminal: plain text, or with ANSI colours (red for what is late or
/// blocked, yellow for what is close, green for what has room) when `colour` is on.
public enum StatusText {
    /// The statuses shown per agent, in lifecycle order.
    static let shown: [TaskStatus] = [.pending, .inProgress, .blocked, .complete, .inReview, .approved, .scheduled]
    /// A review with less than this left is shown as close to its deadline.
    static let soon: TimeInterval = 3600

    public static func render(_ board: StatusBoard, title: String, colour: Bool) -> String {
        let c = Palette(on: colour)
        var out = c.bold(title) + "\n"
        out += TaskStatus.allCases.map { "\(board.counts[$0.rawValue] ?? 0) \(words($0))" }.joined(separator: " · ") + "\n"

        out += "\n" + c.bold("Agents") + " (load = pending + in progress, against capacity)\n"
        let names = board.agents.map(label)
        let width = names.map(\.count).max() ?? 0
        let loads = board.agents.map { $0.agent == nil ? "" : "\($0.load)/\($0.capacity.map(String.init) ?? "?")" }
        let loadWidth = loads.map(\.count).max() ?? 0
        for (row, (name, plainLoad)) in zip(board.agents, zip(names, loads)) {
            var load = plainLoad
            if let cap = row.capacity { load = row.load > cap ? c.red(load) : row.load == cap ? c.yellow(load) : c.green(load) }
            load += String(repeating: " ", count: loadWidth - plainLoad.count)
            let cells = shown.compactMap { s -> String? in
                guard let ids = row.tasks[s.rawValue], !ids.isEmpty else { return nil }
                let text = "\(words(s)): \(ids.joined(separator: ", "))"
                return s == .blocked ? c.red(text) : text
            }
            let pad = String(repeating: " ", count: width - name.count)
            let line = "  \(name)\(pad)  \(load)  \(cells.isEmpty ? c.dim("—") : cells.joined(separator: " · "))"
            out += line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }

        out += "\n" + c.bold("Reviews pending") + "\n"
        if board.reviews.isEmpty { out += "  " + c.dim("none") + "\n" }
        let idWidth = board.reviews.map(\.id.count).max() ?? 0
        for r in board.reviews {
            var left = "no SLA"
            if let l = r.left {
                left = l < 0 ? c.red("overdue \(SLARisk.duration(-l))") : l < soon ? c.yellow("\(SLARisk.duration(l)) left")
                    : "\(SLARisk.duration(l)) left"
            }
            out += "  \(r.id)\(String(repeating: " ", count: idWidth - r.id.count))  \(r.type.rawValue) review by agent \(two(r.reviewer))  \(left)\(r.deadline.map { " (due \(Timestamp.format($0)))" } ?? "")\n"
        }

        out += "\n" + c.bold("SLA breaches") + "\n"
        if board.breaches.isEmpty { out += "  " + c.dim("none") + "\n" }
        let overdue = board.breaches.map { "overdue \(SLARisk.duration(-$0.left))" }
        let overdueWidth = overdue.map(\.count).max() ?? 0
        for (b, late) in zip(board.breaches, overdue) {
            let who = b.agent.map { ", agent \(two($0))" } ?? ""
            out += "  " + c.red(late) + String(repeating: " ", count: overdueWidth - late.count) + "  \(b.subject) (\(b.kind.rawValue.replacingOccurrences(of: "_", with: " "))\(who))\n"
        }

        out += "\n" + c.bold("Blocked") + "\n"
        if board.blocked.isEmpty { out += "  " + c.dim("nothing") + "\n" }
        for t in board.blocked {
            let waits = t.waitsFor.map { w in
                "\(w.id) (\(w.status.replacingOccurrences(of: "_", with: " "))\(w.assignee.map { ", agent \(two($0))" } ?? ""))"
            }
            var line = "  \(c.red(t.id))\(t.assignee.map { " (agent \(two($0)))" } ?? "") waits for \(waits.isEmpty ? "nothing now" : waits.joined(separator: ", "))"
            if t.chain.count > 2 { line += c.dim("; chain: " + t.chain.joined(separator: " → ")) }
            out += line + "\n"
        }

        if !board.invalid.isEmpty {
            out += "\n" + c.bold("Invalid files") + " (`chase validate` lists every problem)\n"
            for p in board.invalid { out += "  " + c.red(p.description) + "\n" }
        }
        return out
    }

    static func label(_ row: StatusBoard.AgentRow) -> String {
        guard let n = row.agent else { return row.name }
        return "\(two(n)) \(row.name)"
    }

    static func words(_ s: TaskStatus) -> String { s.rawValue.replacingOccurrences(of: "_", with: " ") }
    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    /// ANSI styles, or none.
    struct Palette {
        var on: Bool
        func wrap(_ s: String, _ code: String) -> String { on ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        func bold(_ s: String) -> String { wrap(s, "1") }
        func dim(_ s: String) -> String { wrap(s, "2") }
        func red(_ s: String) -> String { wrap(s, "31") }
        func yellow(_ s: String) -> String { wrap(s, "33") }
        func green(_ s: String) -> String { wrap(s, "32") }
    }
}
