import ChaseCore
import Foundation

/// GitHub Actions' workflow commands and files: annotations on files, the step summary and step
/// outputs. Everything is text on stdout or appended to the files the runner names in the
/// environment, so it is testable with a temporary folder and an environment dictionary.
public struct GitHubActions: Sendable {
    public enum Level: String, Sendable { case error, warning, notice }

    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// True when running inside a GitHub Actions job.
    public var isActive: Bool { environment["GITHUB_ACTIONS"] == "true" }

    /// `::error file=queue/X.md,line=3,title=…::message`, with the escaping GitHub requires.
    public static func annotation(_ level: Level, file: String? = nil, line: Int? = nil, title: String? = nil,
                                  message: String) -> String {
        var props: [String] = []
        if let file { props.append("file=\(escapeProperty(file))") }
        if let line { props.append("line=\(line)") }
        if let title { props.append("title=\(escapeProperty(title))") }
        let head = props.isEmpty ? "::\(level.rawValue)" : "::\(level.rawValue) \(props.joined(separator: ","))"
        return "\(head)::\(escapeData(message))"
    }

    /// The one annotation of an event, on its file (`Event.file`): an error at the line of an
    /// invalid file, a notice for published content, a warning for the rest; `recipients`, when
    /// given, are named after the message.
    public static func annotation(for e: Event, recipients: [String] = []) -> String {
        let level: Level
        switch e.type {
        case .fileInvalid: level = .error
        case .contentPublished: level = .notice
        default: level = .warning
        }
        let line = e.type == .fileInvalid ? e.payload["line"].flatMap(Int.init) : nil
        let title = e.type == .fileInvalid ? "chase: invalid file" : "chase: \(e.type.rawValue)"
        let message = NotificationText.line(e) + (recipients.isEmpty ? "" : " (for \(recipients.joined(separator: ", ")))")
        return annotation(level, file: e.file, line: line, title: title, message: message)
    }

    /// An error on a file at the problem's line.
    public static func annotation(for problem: FileProblem, title: String) -> String {
        annotation(.error, file: problem.path, line: problem.line, title: title, message: problem.message)
    }

    /// Appends Markdown to the job's step summary; does nothing outside Actions.
    public func appendStepSummary(_ markdown: String) throws {
        guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return }
        try append(markdown.hasSuffix("\n") ? markdown : markdown + "\n", to: path)
    }

    /// Sets a step output (`name<<DELIMITER … DELIMITER`, safe for multi-line values); does nothing outside Actions.
    public func setOutput(_ name: String, _ value: String) throws {
        guard let path = environment["GITHUB_OUTPUT"], !path.isEmpty else { return }
        var delimiter = "CHASE_EOF"
        while value.contains(delimiter) { delimiter += "_" }
        try append("\(name)<<\(delimiter)\n\(value)\n\(delimiter)\n", to: path)
    }

    /// Sets the step outputs a command's `--github-output` promises: unlike `setOutput`, outside
    /// a workflow step (no `GITHUB_OUTPUT`) or with a file that cannot be written, it is an error.
    public func setStepOutputs(_ outputs: KeyValuePairs<String, String>) throws {
        guard let path = environment["GITHUB_OUTPUT"], !path.isEmpty else {
            throw ChaseError.invalidArgument("--github-output needs GITHUB_OUTPUT, which GitHub Actions sets in a workflow step")
        }
        do {
            for (name, value) in outputs { try setOutput(name, value) }
        } catch {
            throw ChaseError.outputFailed("cannot write the step outputs to \(path): \(error.localizedDescription)")
        }
    }

    private func append(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        if !FileManager.default.fileExists(atPath: path) {
            try Data().write(to: url)
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
