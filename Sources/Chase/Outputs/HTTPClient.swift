import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A blocking JSON POST with a hard timeout, for the webhook notifier and publisher. The tick is
/// synchronous (libgit2 objects stay on one thread), so the call waits here, bounded by `timeout`.
public struct HTTPClient: Sendable {
    public struct Response: Sendable {
        public var status: Int
        public var body: [UInt8]
    }

    /// Why a call failed, in words for the outbox and the report.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case timedOut(TimeInterval)
        case transport(String)
        case status(Int, String)

        public var description: String {
            switch self {
            case .timedOut(let s): return "no answer within \(Int(s.rounded(.up)))s"
            case .transport(let m): return m
            case .status(let code, let body): return body.isEmpty ? "HTTP \(code)" : "HTTP \(code): \(body)"
            }
        }
    }

    public init() {}

    /// POSTs `body` as JSON; a non-2xx answer is a failure.
    public func postJSON(_ url: URL, body: [UInt8], headers: [String: String] = [:], timeout: TimeInterval) -> Result<Response, Failure> {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("chase", forHTTPHeaderField: "User-Agent")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let box = ResultBox()
        let task = session.dataTask(with: request) { data, response, error in
            if let error = error as? URLError, error.code == .timedOut {
                box.set(.failure(.timedOut(timeout)))
            } else if let error {
                box.set(.failure(.transport(error.localizedDescription)))
            } else if let http = response as? HTTPURLResponse {
                let bytes = Array(data ?? Data())
                if (200..<300).contains(http.statusCode) {
                    box.set(.success(Response(status: http.statusCode, body: bytes)))
                } else {
                    let text = String(decoding: bytes.prefix(200), as: UTF8.self)
                        .split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
                    box.set(.failure(.status(http.statusCode, text)))
                }
            } else {
                box.set(.failure(.transport("no HTTP response")))
            }
        }
        task.resume()
        // URLSession enforces the timeout; this wait only guards against a callback that never comes.
        guard box.wait(timeout + 5) else {
            task.cancel()
            return .failure(.timedOut(timeout))
        }
        return box.result ?? .failure(.transport("no result"))
    }
}

/// Carries the callback's result back to the waiting thread.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var value: Result<HTTPClient.Response, HTTPClient.Failure>?

    func set(_ result: Result<HTTPClient.Response, HTTPClient.Failure>) {
        lock.lock(); value = result; lock.unlock()
        done.signal()
    }

    func wait(_ seconds: TimeInterval) -> Bool { done.wait(timeout: .now() + seconds) == .success }

    var result: Result<HTTPClient.Response, HTTPClient.Failure>? {
        lock.lock(); defer { lock.unlock() }
        return value
    }
}
