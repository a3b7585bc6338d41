import Foundation
#if os(Linux)
import CCurl
#endif

/// A blocking JSON POST with a hard timeout, for the webhook notifier and publisher. The tick is
/// synchronous (libgit2 objects stay on one thread), so the call waits here, bounded by `timeout`.
///
/// On Linux it goes through the system's libcurl, loaded on the first call (`CCurl`), rather than
/// through FoundationNetworking: linking that loads libcurl and its TLS libraries (OpenSSL, GnuTLS,
/// Kerberos, LDAP, about twenty in all) when any chase command starts, a sixth of a small tick's
/// instructions, for a network call most ticks never make. (The MCP SDK links FoundationNetworking
/// too; until it is out of this binary, starting still pays for it: BENCHMARKS.md.)
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

    /// POSTs `body` as JSON; a non-2xx answer is a failure. On Linux redirects are not followed
    /// (a 3xx is a failure), so a webhook's secret headers go to the configured URL only.
    public func postJSON(_ url: URL, body: [UInt8], headers: [String: String] = [:], timeout: TimeInterval) -> Result<Response, Failure> {
        // Content-Type and User-Agent, unless the caller names them (in any case) itself.
        var fields: [(name: String, value: String)] = [("Content-Type", "application/json"), ("User-Agent", "chase")]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            // A line break in a header would let a configured value add headers of its own.
            // Bytes, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
            guard !name.isEmpty, !name.utf8.contains(UInt8(ascii: ":")),
                  !(name + value).utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                return .failure(.transport("the header \(name.debugDescription) is not a single line"))
            }
            fields.removeAll { $0.name.lowercased() == name.lowercased() }
            fields.append((name, value))
        }
        let answer = send(url, body: body, fields: fields, timeout: timeout)
        guard case .success(let response) = answer else { return answer }
        if (200..<300).contains(response.status) { return answer }
        let text = String(decoding: response.body.prefix(200), as: UTF8.self)
            .split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return .failure(.status(response.status, text))
    }

    #if os(Linux)
    private func send(_ url: URL, body: [UInt8], fields: [(name: String, value: String)], timeout: TimeInterval) -> Result<Response, Failure> {
        let lines = fields.map { strdup("\($0.name): \($0.value)") }
        defer { lines.forEach { free($0) } }
        let constLines = lines.map { UnsafePointer($0) }
        var result = chase_http_result()
        defer { chase_http_result_free(&result) }
        let milliseconds = max(1, Int((timeout * 1000).rounded(.up)))
        let code = body.withUnsafeBufferPointer { bytes in
            constLines.withUnsafeBufferPointer { headers in
                chase_http_post(url.absoluteString, bytes.baseAddress, bytes.count, headers.baseAddress, headers.count,
                                milliseconds, &result)
            }
        }
        guard code == 0 else {
            if result.timed_out != 0 { return .failure(.timedOut(timeout)) }
            let message = withUnsafeBytes(of: result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            return .failure(.transport(message))
        }
        let bytes = result.body.map { Array(UnsafeBufferPointer(start: $0, count: result.body_length)) } ?? []
        return .success(Response(status: result.status, body: bytes))
    }
    #else
    private func send(_ url: URL, body: [UInt8], fields: [(name: String, value: String)], timeout: TimeInterval) -> Result<Response, Failure> {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        for field in fields { request.setValue(field.value, forHTTPHeaderField: field.name) }
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
                box.set(.success(Response(status: http.statusCode, body: Array(data ?? Data()))))
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
    #endif
}

#if !os(Linux)
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
#endif
