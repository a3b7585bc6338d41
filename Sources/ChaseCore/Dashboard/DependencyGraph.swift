/// `chase graph`: every dependency of the queue, whole (the dashboard draws only what is still to
/// finish), as Mermaid or Graphviz dot. Arrows point from a dependency to the task that waits for
/// it; an id that names no task is drawn as `missing`.
public struct DependencyGraph: Sendable, Codable, Equatable {
    public struct Node: Sendable, Codable, Equatable {
        public var id: String
        /// The task's status, or `missing`.
        public var status: String
        public var title: String?
    }
    public struct Edge: Sendable, Codable, Equatable {
        /// The dependency.
        public var from: String
        /// The task that depends on it.
        public var to: String
    }

    public var nodes: [Node]
    public var edges: [Edge]

    /// The tasks that depend on something or are depended on; `all` adds the tasks on no edge.
    public static func build(_ state: QueueState, all: Bool = false) -> DependencyGraph {
        var edges: [Edge] = [], ids: Set<String> = all ? Set(state.tasks.keys) : []
        for task in state.tasks.values {
            for dep in task.dependsOn {
                edges.append(Edge(from: dep, to: task.id))
                ids.formUnion([dep, task.id])
            }
        }
        let nodes = ids.sorted().map { id in
            Node(id: id, status: state.tasks[id]?.status.rawValue ?? "missing", title: state.tasks[id]?.title)
        }
        return DependencyGraph(nodes: nodes, edges: edges.sorted { ($0.to, $0.from) < ($1.to, $1.from) })
    }

    /// A Mermaid flowchart, nodes coloured by status as on the dashboard.
    public func mermaid() -> String {
        var lines = ["flowchart LR"]
        for n in nodes { lines.append("  \(Mermaid.node(n.id))[\"\(n.id)<br/>\(n.status)\"]:::\(n.status)") }
        for e in edges { lines.append("  \(Mermaid.node(e.from)) --> \(Mermaid.node(e.to))") }
        lines += Mermaid.statusClasses
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Graphviz digraph (`dot -Tsvg`), nodes filled by status.
    public func dot() -> String {
        var lines = ["digraph dependencies {", "  rankdir=LR;", "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];"]
        for n in nodes {
            let style = n.status == "missing" ? ", style=\"rounded,dashed\"" : ""
            lines.append("  \(quoted(n.id)) [label=\"\(escaped(n.id))\\n\(escaped(n.status))\", fillcolor=\"\(Self.fill[n.status] ?? "#ffffff")\"\(style)];")
        }
        for e in edges { lines.append("  \(quoted(e.from)) -> \(quoted(e.to));") }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static let fill = [
        "blocked": "#f8d7da", "missing": "#f8d7da", "in_progress": "#fff3cd", "in_review": "#fff3cd", "pending": "#e2e3e5",
        "complete": "#d1e7dd", "approved": "#d1e7dd", "scheduled": "#cfe2ff", "published": "#d1e7dd", "cancelled": "#eeeeee",
    ]

    /// A dot string literal. Ids are PREFIX-NUMBER, but the format must not depend on it.
    private func quoted(_ s: String) -> String { "\"" + escaped(s) + "\"" }
    private func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
