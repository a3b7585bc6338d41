import Foundation

/// Appends values in a compact binary form: unsigned LEB128 varints, zigzag for signed integers,
/// length-prefixed UTF-8 strings, IEEE doubles by their bits. For the engine's cache of parsed files.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public mutating func u8(_ v: UInt8) { bytes.append(v) }

    /// Empties the buffer, keeping its room (after its bytes were written out).
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func int(_ v: Int) { varint(UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))) }

    public mutating func fixed64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }

    public mutating func double(_ d: Double) { fixed64(d.bitPattern) }

    public mutating func raw<C: Collection>(_ data: C) where C.Element == UInt8 { bytes.append(contentsOf: data) }

    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }
}

/// The damaged or foreign bytes a `BinaryReader` refuses.
public struct BinaryFormatError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Reads what `BinaryWriter` wrote, checking every length against the bytes there are.
public struct BinaryReader {
    let base: UnsafeRawPointer
    public let count: Int
    public private(set) var offset = 0

    /// `buffer` must outlive the reader.
    public init(_ buffer: UnsafeRawBufferPointer) {
        base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        count = buffer.count
    }

    public var isAtEnd: Bool { offset >= count }

    public mutating func u8() throws(BinaryFormatError) -> UInt8 {
        guard offset < count else { throw BinaryFormatError("truncated") }
        defer { offset += 1 }
        return base.load(fromByteOffset: offset, as: UInt8.self)
    }

    public mutating func varint() throws(BinaryFormatError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try u8()
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { throw BinaryFormatError("varint too long") }
        }
    }

    public mutating func int() throws(BinaryFormatError) -> Int {
        let v = try varint()
        return Int(Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1))))
    }

    /// A count or length, at most what the remaining bytes could hold.
    public mutating func length() throws(BinaryFormatError) -> Int {
        let v = try varint()
        guard v <= UInt64(count - offset) else { throw BinaryFormatError("length past the end") }
        return Int(v)
    }

    public mutating func fixed64() throws(BinaryFormatError) -> UInt64 {
        guard offset + 8 <= count else { throw BinaryFormatError("truncated") }
        defer { offset += 8 }
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    public mutating func double() throws(BinaryFormatError) -> Double { Double(bitPattern: try fixed64()) }

    /// `n` bytes in place (valid while the buffer is).
    public mutating func raw(_ n: Int) throws(BinaryFormatError) -> UnsafeRawBufferPointer {
        guard n >= 0, offset + n <= count else { throw BinaryFormatError("truncated") }
        defer { offset += n }
        return UnsafeRawBufferPointer(start: base + offset, count: n)
    }

    public mutating func string() throws(BinaryFormatError) -> String {
        let n = try length()
        return String(decoding: try raw(n), as: UTF8.self)
    }
}

/// Writes parsed files for the engine's cache. The key lines of task files repeat from file to
/// file (files written from the same template), so each distinct table is written once and shared:
/// after the records, followed by where the tables start (`ParsedFileDecoder(tablesAtEndOf:)`).
/// Records go straight into the caller's writer, so a large queue is encoded without a second copy.
public struct ParsedFileEncoder {
    private var tableIndex: [[KeyLines.Pair]: Int] = [:]
    private var tables: [KeyLines] = []

    public init() {}

    /// Encodes one file into `records`; `path` is its path, which tasks, reviews and problems usually repeat.
    public mutating func append(_ parsed: ParsedFile, path: String, to records: inout BinaryWriter) {
        switch parsed {
        case .task(let t):
            records.u8(0)
            var flags: UInt32 = 0
            if t.contentType != nil { flags |= 1 << 0 }
            if t.reviewTier != nil { flags |= 1 << 1 }
            if t.assignee != nil { flags |= 1 << 2 }
            if t.created != nil { flags |= 1 << 3 }
            if t.output != nil { flags |= 1 << 4 }
            if t.scheduledAt != nil { flags |= 1 << 5 }
            if t.platform != nil { flags |= 1 << 6 }
            if t.escalatedAt != nil { flags |= 1 << 7 }
            if t.reviewEscalatedAt != nil { flags |= 1 << 8 }
            if t.platformPostID != nil { flags |= 1 << 9 }
            if t.path != path { flags |= 1 << 10 }
            if t.publishedAt != nil { flags |= 1 << 11 }
            if t.approvedOutput != nil { flags |= 1 << 12 }
            records.varint(UInt64(flags))
            if t.path != path { records.string(t.path) }
            records.string(t.id)
            records.string(t.title)
            records.u8(ParsedFileEncoder.index(t.type))
            if let v = t.contentType { records.string(v) }
            records.u8(ParsedFileEncoder.index(t.priority))
            if let v = t.reviewTier { records.int(v) }
            records.u8(ParsedFileEncoder.index(t.status))
            if let v = t.assignee { records.int(v) }
            records.varint(UInt64(t.dependsOn.count))
            for dep in t.dependsOn { records.string(dep) }
            if let v = t.created { records.double(v.timeIntervalSince1970) }
            if let v = t.output { records.string(v) }
            if let v = t.scheduledAt { records.double(v.timeIntervalSince1970) }
            if let v = t.platform { records.string(v) }
            records.int(t.revision)
            if let v = t.escalatedAt { records.double(v.timeIntervalSince1970) }
            if let v = t.reviewEscalatedAt { records.double(v.timeIntervalSince1970) }
            if let v = t.platformPostID { records.string(v) }
            if let v = t.publishedAt { records.double(v.timeIntervalSince1970) }
            if let v = t.approvedOutput { records.string(v) }
            records.varint(UInt64(table(t.lines)))
        case .review(let r):
            records.u8(1)
            var flags: UInt32 = 0
            if r.due != nil { flags |= 1 << 0 }
            if r.escalatedAt != nil { flags |= 1 << 1 }
            if r.path != path { flags |= 1 << 2 }
            records.varint(UInt64(flags))
            if r.path != path { records.string(r.path) }
            records.string(r.id)
            records.string(r.task)
            records.u8(ParsedFileEncoder.index(r.type))
            records.int(r.reviewer)
            records.u8(ParsedFileEncoder.index(r.status))
            records.int(r.revision)
            records.double(r.requested.timeIntervalSince1970)
            if let v = r.due { records.double(v.timeIntervalSince1970) }
            if let v = r.escalatedAt { records.double(v.timeIntervalSince1970) }
        case .invalid(let problems):
            records.u8(2)
            records.varint(UInt64(problems.all.count))
            for p in problems.all {
                records.u8((p.path != path ? 1 : 0) | (p.line != nil ? 2 : 0))
                if p.path != path { records.string(p.path) }
                if let line = p.line { records.int(line) }
                records.string(p.message)
            }
        case .other:
            records.u8(3)
        }
    }

    /// The key-line tables, then their offset as a fixed 8 bytes: the last thing written. `offset`
    /// is where they start in the whole encoding, when `out` holds only its end (written in parts).
    public func finish(_ out: inout BinaryWriter, offset: Int? = nil) {
        let start = offset ?? out.bytes.count
        out.varint(UInt64(tables.count))
        for t in tables {
            out.varint(UInt64(t.pairs.count))
            for pair in t.pairs {
                out.string(pair.key)
                out.int(pair.line)
            }
        }
        out.fixed64(UInt64(start))
    }

    private mutating func table(_ lines: KeyLines) -> Int {
        if let i = tableIndex[lines.pairs] { return i }
        tables.append(lines)
        tableIndex[lines.pairs] = tables.count - 1
        return tables.count - 1
    }

    static func index<E: CaseIterable & Equatable>(_ value: E) -> UInt8 {
        UInt8(E.allCases.firstIndex(of: value).map { E.allCases.distance(from: E.allCases.startIndex, to: $0) } ?? 0)
    }
}

/// Reads what `ParsedFileEncoder` wrote.
public struct ParsedFileDecoder {
    private var tables: [KeyLines] = []

    /// Where the records end (and the tables begin) in the buffer given to `init(tablesAtEndOf:)`.
    public let recordsEnd: Int

    /// Reads the key-line tables that `ParsedFileEncoder.finish` wrote at the end of `buffer`.
    public init(tablesAtEndOf buffer: UnsafeRawBufferPointer) throws(BinaryFormatError) {
        guard buffer.count >= 8 else { throw BinaryFormatError("truncated") }
        var tail = BinaryReader(UnsafeRawBufferPointer(rebasing: buffer[(buffer.count - 8)...]))
        let start = try tail.fixed64()
        guard start <= UInt64(buffer.count - 8) else { throw BinaryFormatError("tables past the end") }
        recordsEnd = Int(start)
        var reader = BinaryReader(UnsafeRawBufferPointer(rebasing: buffer[recordsEnd..<(buffer.count - 8)]))
        let count = try reader.length()
        tables.reserveCapacity(count)
        for _ in 0..<count {
            let n = try reader.length()
            var pairs: [KeyLines.Pair] = []
            pairs.reserveCapacity(n)
            for _ in 0..<n { pairs.append(KeyLines.Pair(key: try reader.string(), line: try reader.int())) }
            tables.append(KeyLines(uniquePairs: pairs))
        }
        guard reader.isAtEnd else { throw BinaryFormatError("bytes after the tables") }
    }

    public func decode(path: String, from r: inout BinaryReader) throws(BinaryFormatError) -> ParsedFile {
        switch try r.u8() {
        case 0:
            let flags = try r.varint()
            func has(_ bit: Int) -> Bool { flags & (1 << UInt64(bit)) != 0 }
            let taskPath = has(10) ? try r.string() : path
            let id = try r.string()
            let title = try r.string()
            let type = try ParsedFileDecoder.pick(ParsedFileDecoder.taskTypes, try r.u8())
            let contentType = has(0) ? try r.string() : nil
            let priority = try ParsedFileDecoder.pick(ParsedFileDecoder.priorities, try r.u8())
            let tier = has(1) ? try r.int() : nil
            let status = try ParsedFileDecoder.pick(ParsedFileDecoder.taskStatuses, try r.u8())
            let assignee = has(2) ? try r.int() : nil
            let depCount = try r.length()
            var deps: [String] = []
            if depCount > 0 {
                deps.reserveCapacity(depCount)
                for _ in 0..<depCount { deps.append(try r.string()) }
            }
            let created = has(3) ? Date(timeIntervalSince1970: try r.double()) : nil
            let output = has(4) ? try r.string() : nil
            let scheduledAt = has(5) ? Date(timeIntervalSince1970: try r.double()) : nil
            let platform = has(6) ? try r.string() : nil
            let revision = try r.int()
            let escalatedAt = has(7) ? Date(timeIntervalSince1970: try r.double()) : nil
            let reviewEscalatedAt = has(8) ? Date(timeIntervalSince1970: try r.double()) : nil
            let postID = has(9) ? try r.string() : nil
            let publishedAt = has(11) ? Date(timeIntervalSince1970: try r.double()) : nil
            let approvedOutput = has(12) ? try r.string() : nil
            let table = Int(try r.varint())
            guard table < tables.count else { throw BinaryFormatError("no such key-line table") }
            return .task(Task(path: taskPath, id: id, title: title, type: type, contentType: contentType, priority: priority,
                              reviewTier: tier, status: status, assignee: assignee, dependsOn: deps, created: created,
                              output: output, scheduledAt: scheduledAt, platform: platform, revision: revision,
                              escalatedAt: escalatedAt, reviewEscalatedAt: reviewEscalatedAt, platformPostID: postID,
                              publishedAt: publishedAt, approvedOutput: approvedOutput, lines: tables[table]))
        case 1:
            let flags = try r.varint()
            let reviewPath = flags & 4 != 0 ? try r.string() : path
            let id = try r.string()
            let task = try r.string()
            let type = try ParsedFileDecoder.pick(ParsedFileDecoder.reviewTypes, try r.u8())
            let reviewer = try r.int()
            let status = try ParsedFileDecoder.pick(ParsedFileDecoder.reviewStatuses, try r.u8())
            let revision = try r.int()
            let requested = Date(timeIntervalSince1970: try r.double())
            let due = flags & 1 != 0 ? Date(timeIntervalSince1970: try r.double()) : nil
            let escalatedAt = flags & 2 != 0 ? Date(timeIntervalSince1970: try r.double()) : nil
            return .review(Review(path: reviewPath, id: id, task: task, type: type, reviewer: reviewer, status: status,
                                  revision: revision, requested: requested, due: due, escalatedAt: escalatedAt))
        case 2:
            let n = try r.length()
            guard n > 0 else { throw BinaryFormatError("an invalid file without problems") }
            var problems: [FileProblem] = []
            problems.reserveCapacity(n)
            for _ in 0..<n {
                let flags = try r.u8()
                let problemPath = flags & 1 != 0 ? try r.string() : path
                let line = flags & 2 != 0 ? try r.int() : nil
                problems.append(FileProblem(path: problemPath, line: line, message: try r.string()))
            }
            return .invalid(FileProblems(problems))
        case 3:
            return .other
        default:
            throw BinaryFormatError("unknown kind of parsed file")
        }
    }

    // The cases in their declaration order, looked up without going through a generic `allCases`.
    static let taskTypes = TaskType.allCases, priorities = Priority.allCases, taskStatuses = TaskStatus.allCases
    static let reviewTypes = ReviewType.allCases, reviewStatuses = ReviewStatus.allCases

    @inline(__always)
    static func pick<E>(_ all: [E], _ index: UInt8) throws(BinaryFormatError) -> E {
        guard Int(index) < all.count else { throw BinaryFormatError("no such case") }
        return all[Int(index)]
    }
}
