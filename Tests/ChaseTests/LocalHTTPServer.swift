import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 and a free port, for the notifier and publisher tests. Each
/// request is answered by `respond`: a status and body, or `nil` to never answer (the client's
/// timeout fires). Requests are recorded for the test to read.
final class LocalHTTPServer: @unchecked Sendable {
    struct Request {
        var method: String
        var path: String
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Answer {
        var status: Int
        var bytes: [UInt8]
        /// Sent as they are; `Content-Type` defaults to JSON.
        var headers: [String: String] = [:]
        init(status: Int, body: String) { self.status = status; self.bytes = Array(body.utf8) }
        init(status: Int, bytes: [UInt8], headers: [String: String]) { self.status = status; self.bytes = bytes; self.headers = headers }
        static func ok(_ body: String = "ok") -> Answer { Answer(status: 200, body: body) }
    }

    private let listener: Int32
    let port: Int
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var held: [Int32] = []
    private var stopped = false
    private let respond: @Sendable (Request) -> Answer?

    init(respond: @escaping @Sendable (Request) -> Answer?) throws {
        self.respond = respond
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw NSError(domain: "LocalHTTPServer", code: Int(errno)) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &len) }
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: addr.sin_port))
        // The accept thread holds the server weakly, so a server the test drops is stopped (deinit
        // closes the socket, accept fails, the thread ends).
        let thread = Thread { [weak self, listener] in
            while true {
                let fd = accept(listener, nil, nil)
                if fd < 0 { return }
                guard let self else { close(fd); return }
                Thread { self.serve(fd) }.start()
            }
        }
        thread.start()
    }

    deinit { stop() }

    var url: String { "http://127.0.0.1:\(port)" }

    var requests: [Request] {
        lock.lock(); defer { lock.unlock() }
        return recorded
    }

    func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        let connections = held
        held = []
        lock.unlock()
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in connections { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
    }

    private func serve(_ fd: Int32) {
        guard let request = read(fd) else { close(fd); return }
        lock.lock(); recorded.append(request); lock.unlock()
        guard let answer = respond(request) else {
            // Never answer: hold the connection until the server stops.
            lock.lock(); held.append(fd); lock.unlock()
            return
        }
        let body = answer.bytes
        var headers = answer.headers
        if headers["Content-Type"] == nil { headers["Content-Type"] = "application/json" }
        let extra = headers.keys.sorted().map { "\($0): \(headers[$0]!)\r\n" }.joined()
        let head = "HTTP/1.1 \(answer.status) X\r\n\(extra)Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + body
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(fd)
    }

    private func read(_ fd: Int32) -> Request? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var headerEnd: Int?
        var length = 0
        var chunked = false
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return nil }
            data += buffer[0..<n]
            if headerEnd == nil, let range = find(data, Array("\r\n\r\n".utf8)) {
                headerEnd = range
                let head = String(decoding: data[0..<range], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2, parts[0].lowercased() == "content-length" {
                        length = Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0
                    }
                    if parts.count == 2, parts[0].lowercased() == "transfer-encoding",
                       parts[1].lowercased().contains("chunked") {
                        chunked = true  // libgit2 streams a push's pack this way
                    }
                    if parts.count == 2, parts[0].lowercased() == "expect" {
                        // curl waits a second for this before sending a larger body.
                        let go = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
                        _ = go.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    }
                }
            }
            var body: [UInt8]?
            if let end = headerEnd {
                if chunked {
                    body = dechunk(Array(data[(end + 4)...]))
                } else if data.count >= end + 4 + length {
                    body = Array(data[(end + 4)..<(end + 4 + length)])
                }
            }
            if let end = headerEnd, let body {
                let head = String(decoding: data[0..<end], as: UTF8.self).split(separator: "\r\n").map(String.init)
                let start = head.first?.split(separator: " ").map(String.init) ?? []
                var headers: [String: String] = [:]
                for line in head.dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
                }
                return Request(method: start.first ?? "", path: start.count > 1 ? start[1] : "", headers: headers, body: body)
            }
        }
    }

    /// The body of a chunked request once its last (empty) chunk has arrived; nil until then.
    private func dechunk(_ data: [UInt8]) -> [UInt8]? {
        var body: [UInt8] = []
        var at = 0
        while true {
            guard let lineEnd = find(Array(data[at...]), Array("\r\n".utf8)).map({ $0 + at }) else { return nil }
            let sizeText = String(decoding: data[at..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            let start = lineEnd + 2
            if size == 0 { return body }
            guard data.count >= start + size + 2 else { return nil }
            body += data[start..<(start + size)]
            at = start + size + 2
        }
    }

    private func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where Array(haystack[i..<(i + needle.count)]) == needle { return i }
        return nil
    }
}
