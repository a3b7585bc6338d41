import ChaseCore
import Foundation

/// Publishes by running the configured command with the post's file as its last argument; the id
/// it prints (JSON with `id`, or its last line) becomes `platform_post_id`. The idempotency key,
/// task and platform are in its environment (`CHASE_IDEMPOTENCY_KEY`, `CHASE_TASK`, `CHASE_PLATFORM`).
/// Of the tick's own environment it gets only the allowed names: the tick holds the push token and
/// webhook URLs, which are no business of a publishing script.
struct CommandPublisher {
    var command: [String]
    var workingDirectory: String
    var environment: [String: String]
    var timeout: TimeInterval
    /// The names of `environment` the command may see (`PublisherSettings.env`).
    var allowed: [String] = []

    /// The command's environment: the allowed part of the tick's.
    func commandEnvironment() -> [String: String] {
        let names = Set(PublisherSettings.commandBaseEnvironment + allowed)
        return environment.filter { names.contains($0.key) }
    }

    func publish(_ request: PublishRequest, post: [UInt8]) -> Result<String, PublishFailure> {
        guard let program = command.first else { return .failure(PublishFailure("publisher.command is empty")) }
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("chase-publish-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: dir) }
        do {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            let file = dir.appendingPathComponent("\(request.task).md")
            try Data(post).write(to: file)
            let out = dir.appendingPathComponent("stdout"), err = dir.appendingPathComponent("stderr")
            _ = fm.createFile(atPath: out.path, contents: nil)
            _ = fm.createFile(atPath: err.path, contents: nil)
            let process = Process()
            // A bare name is looked up on PATH, as a shell would.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + command.dropFirst() + [file.path]
            process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
            var env = commandEnvironment()
            env["CHASE_IDEMPOTENCY_KEY"] = request.idempotencyKey
            env["CHASE_TASK"] = request.task
            env["CHASE_PLATFORM"] = request.platform ?? ""
            process.environment = env
            // Output goes to files, so a chatty command can never block on a full pipe.
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            process.standardInput = FileHandle.nullDevice
            let finished = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in finished.signal() }
            try process.run()
            if finished.wait(timeout: .now() + timeout) == .timedOut {
                process.terminate()
                // A program that ignores SIGTERM gets SIGKILL a few seconds later.
                if finished.wait(timeout: .now() + 3) == .timedOut {
                    kill(process.processIdentifier, SIGKILL)
                    finished.wait()
                }
                return .failure(PublishFailure("\(program) did not finish within \(Int(timeout.rounded(.up)))s"))
            }
            guard process.terminationStatus == 0 else {
                let message = String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self)
                    .split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
                return .failure(PublishFailure("\(program) exited with \(process.terminationStatus)\(message.isEmpty ? "" : ": " + message)"))
            }
            guard let id = PostID.parse(Array(try Data(contentsOf: out)), json: false) else {
                return .failure(PublishFailure("\(program) printed no post id"))
            }
            return .success(id)
        } catch {
            return .failure(PublishFailure("\(program) could not be run: \(error.localizedDescription)"))
        }
    }
}
