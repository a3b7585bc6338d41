import ChaseCore
import Foundation
import GitKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parsed queue kept between ticks in the repository's git folder (`<git dir>/chase/`, the
/// folder itself for a bare repository), so that a tick parses only the files that changed since
/// the last one: a base file with every parsed file, and a small delta file with the changes since.
///
/// It is only a cache. Deleting it costs one slower tick. A damaged, truncated, older or foreign
/// file (another format, other parser limits, another build of chase) is ignored and rewritten,
/// never trusted. It lives in the git folder, so it is never committed. Every write goes to a
/// temporary file that is renamed over the old one, so concurrent ticks leave one whole file or
/// the other, and each file is checked against the other on reading (a delta names its base).
/// Failing to write it never fails a tick.
struct StateCache {
    let directory: String
    /// What a cached parse depends on besides the bytes and the path: the format, the parser's
    /// limits, and the build of chase that parsed (so an upgrade never reads an old parse).
    let identity: String

    /// A delta with more changes than this, or than a sixteenth of the base, is folded into a new base.
    let maxDeltaChanges: Int

    static let formatVersion: UInt32 = 3
    static let magic: [UInt8] = Array("CHASEST\u{0}".utf8)
    static let headerSize = 8 + 4 + 4 + 8 + 8

    /// `build` names the chase that parses (tests name another executable's).
    init(gitDir: String, limits: FrontMatterLimits = .default, build: String = StateCache.buildIdentity,
         maxDeltaChanges: Int = 512) {
        directory = gitDir + "/chase"
        identity = "format \(StateCache.formatVersion); limits \(limits.maxFileBytes) \(limits.maxFrontMatterBytes) "
            + "\(limits.maxDepth) \(limits.maxNodes); build \(build)"
        self.maxDeltaChanges = maxDeltaChanges
    }

    var basePath: String { directory + "/state.base" }
    var deltaPath: String { directory + "/state.delta" }

    enum Kind: UInt8 {
        case base = 0, delta = 1
    }

    /// A snapshot as loaded: the base's id goes with it, so that a save can write just a delta.
    struct Loaded {
        var snapshot: StateSnapshot
        var baseID: UInt64
    }

    // MARK: - Reading

    /// The cached snapshot, or nil when there is none worth trusting.
    func load() -> Loaded? {
        guard let baseBytes = StateCache.read(basePath) else { return nil }
        let loaded: Loaded? = baseBytes.withUnsafeBytes { raw in
            guard var p = payload(raw, kind: .base) else { return nil }
            return try? decodeBase(&p.reader, payload: p.body)
        }
        guard var loaded else { return nil }
        if let deltaBytes = StateCache.read(deltaPath) {
            let applied: StateSnapshot? = deltaBytes.withUnsafeBytes { raw in
                guard var p = payload(raw, kind: .delta) else { return nil }
                var snapshot = loaded.snapshot
                guard (try? decodeDelta(&p.reader, payload: p.body, baseID: loaded.baseID, into: &snapshot)) == true else { return nil }
                return snapshot
            }
            // A delta of another base (a concurrent tick's) or a damaged one: the base alone is still right.
            if let applied { loaded.snapshot = applied }
        }
        return loaded
    }

    /// The checked payload of a cache file (a reader past the identity, and the whole payload), or nil.
    private func payload(_ raw: UnsafeRawBufferPointer, kind: Kind) -> (reader: BinaryReader, body: UnsafeRawBufferPointer)? {
        guard raw.count >= StateCache.headerSize, Array(raw[0..<8]) == StateCache.magic else { return nil }
        var r = BinaryReader(raw)
        _ = try? r.raw(8)
        guard let version = try? r.raw(4), version.load(as: UInt32.self).littleEndian == StateCache.formatVersion,
              let kindBytes = try? r.raw(4), kindBytes[0] == kind.rawValue,
              let length = try? r.fixed64(), let sum = try? r.fixed64(),
              length == UInt64(raw.count - StateCache.headerSize) else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: raw[StateCache.headerSize...])
        guard StateCache.checksum(body) == sum else { return nil }
        var reader = BinaryReader(body)
        guard (try? reader.string()) == identity else { return nil }
        return (reader, body)
    }

    private func decodeFolders(_ r: inout BinaryReader) throws -> [StateSnapshot.Folder?] {
        try StateSnapshot.folderNames.map { _ in
            guard try r.u8() == 1 else { return nil }
            let oid = try StateCache.oid(&r)
            return StateSnapshot.Folder(oid: oid, mode: UInt32(truncatingIfNeeded: try r.varint()))
        }
    }

    private func decodeBase(_ r: inout BinaryReader, payload: UnsafeRawBufferPointer) throws -> Loaded {
        let decoder = try ParsedFileDecoder(tablesAtEndOf: payload)
        let id = try r.fixed64()
        let folders = try decodeFolders(&r)
        let count = try r.length()
        var files: [StateSnapshot.File] = []
        files.reserveCapacity(count)
        for _ in 0..<count {
            let path = try r.string()
            let oid = try StateCache.oid(&r)
            let mode = UInt32(truncatingIfNeeded: try r.varint())
            files.append(StateSnapshot.File(path: path, oid: oid, mode: mode, parsed: try decoder.decode(path: path, from: &r)))
        }
        guard r.offset == decoder.recordsEnd else { throw BinaryFormatError("bytes after the last file") }
        return Loaded(snapshot: StateSnapshot(folders: folders, base: files), baseID: id)
    }

    /// Applies a delta; false when it belongs to another base.
    private func decodeDelta(_ r: inout BinaryReader, payload: UnsafeRawBufferPointer, baseID: UInt64,
                             into snapshot: inout StateSnapshot) throws -> Bool {
        let decoder = try ParsedFileDecoder(tablesAtEndOf: payload)
        guard try r.fixed64() == baseID else { return false }
        snapshot.folders = try decodeFolders(&r)
        let count = try r.length()
        for _ in 0..<count {
            let path = try r.string()
            if try r.u8() == 0 {
                snapshot.remove(path)
                continue
            }
            let oid = try StateCache.oid(&r)
            let mode = UInt32(truncatingIfNeeded: try r.varint())
            snapshot.set(StateSnapshot.File(path: path, oid: oid, mode: mode, parsed: try decoder.decode(path: path, from: &r)))
        }
        guard r.offset == decoder.recordsEnd else { throw BinaryFormatError("bytes after the last change") }
        return true
    }

    // MARK: - Writing

    /// Writes `snapshot`: only its changes when it was loaded from a base (`baseID`) and they are few,
    /// else a whole new base. Returns the base id now on disk, or nil when nothing could be written.
    @discardableResult
    func save(_ snapshot: StateSnapshot, baseID: UInt64?) -> UInt64? {
        guard mkdir(directory, 0o755) == 0 || errno == EEXIST else { return nil }
        if let baseID, snapshot.changed.count <= max(maxDeltaChanges, snapshot.base.count / 16) {
            return write(encodeDelta(snapshot, baseID: baseID), kind: .delta, to: deltaPath) ? baseID : nil
        }
        var id: UInt64 = 0
        while id == 0 { id = UInt64.random(in: 1...UInt64.max) }
        guard writeBase(snapshot, id: id) else { return nil }
        // The delta on disk belongs to the old base: it would be ignored, but it is dead weight.
        unlink(deltaPath)
        return id
    }

    private func encodeFolders(_ folders: [StateSnapshot.Folder?], into w: inout BinaryWriter) {
        for folder in folders {
            guard let folder else {
                w.u8(0)
                continue
            }
            w.u8(1)
            w.raw(folder.oid.bytes)
            w.varint(UInt64(folder.mode))
        }
    }

    /// Writes a base as it is encoded, in parts of a megabyte: a large queue's base is never held
    /// whole in memory. The checksum is kept as the parts go out, and the header written last.
    private func writeBase(_ snapshot: StateSnapshot, id: UInt64) -> Bool {
        let files = snapshot.files
        return writeFile(kind: .base, to: basePath) { sink in
            var w = BinaryWriter(capacity: 1 << 20 + 4096)
            w.string(identity)
            w.fixed64(id)
            encodeFolders(snapshot.folders, into: &w)
            w.varint(UInt64(files.count))
            var encoder = ParsedFileEncoder()
            for f in files {
                w.string(f.path)
                w.raw(f.oid.bytes)
                w.varint(UInt64(f.mode))
                encoder.append(f.parsed, path: f.path, to: &w)
                if w.bytes.count >= 1 << 20 { guard sink.write(&w) else { return false } }
            }
            encoder.finish(&w, offset: sink.length + w.bytes.count)
            return sink.write(&w)
        }
    }

    private func encodeDelta(_ snapshot: StateSnapshot, baseID: UInt64) -> BinaryWriter {
        var w = BinaryWriter(capacity: 64 + snapshot.changed.count * 160)
        w.string(identity)
        w.fixed64(baseID)
        encodeFolders(snapshot.folders, into: &w)
        w.varint(UInt64(snapshot.changed.count))
        var encoder = ParsedFileEncoder()
        for (path, file) in snapshot.changed.sorted(by: { $0.key < $1.key }) {
            w.string(path)
            guard let file else {
                w.u8(0)
                continue
            }
            w.u8(1)
            w.raw(file.oid.bytes)
            w.varint(UInt64(file.mode))
            encoder.append(file.parsed, path: path, to: &w)
        }
        encoder.finish(&w)
        return w
    }

    /// Header + payload to a temporary file in the same folder, then renamed over `path`.
    private func write(_ payload: BinaryWriter, kind: Kind, to path: String) -> Bool {
        var payload = payload
        return writeFile(kind: kind, to: path) { sink in sink.write(&payload) }
    }

    /// Where a payload's parts go, in order; it keeps their length and checksum.
    private final class FileSink {
        let fd: Int32
        private(set) var length = 0
        private(set) var sum = Checksum()
        private(set) var ok = true

        init(fd: Int32) { self.fd = fd }

        /// Writes the writer's bytes out and empties it; false once anything failed.
        func write(_ w: inout BinaryWriter) -> Bool {
            guard ok else { return false }
            w.bytes.withUnsafeBytes { sum.update($0) }
            length += w.bytes.count
            ok = StateCache.writeAll(fd, w.bytes)
            w.removeAll()
            return ok
        }
    }

    /// A temporary file: a placeholder header, the payload as `body` sends it, then the real header
    /// (length and checksum, now known); renamed over `path` only when all of it was written.
    private func writeFile(kind: Kind, to path: String, _ body: (FileSink) -> Bool) -> Bool {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { return false }
        let sink = FileSink(fd: fd)
        var written = StateCache.writeAll(fd, [UInt8](repeating: 0, count: StateCache.headerSize)) && body(sink) && sink.ok
        if written {
            var header = BinaryWriter(capacity: StateCache.headerSize)
            header.raw(StateCache.magic)
            withUnsafeBytes(of: StateCache.formatVersion.littleEndian) { header.raw($0) }
            header.raw([kind.rawValue, 0, 0, 0])
            header.fixed64(UInt64(sink.length))
            header.fixed64(sink.sum.finish())
            written = header.bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) == $0.count }
        }
        close(fd)
        guard written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    // MARK: - Helpers

    private static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= headerSize else { return nil }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        let complete = bytes.withUnsafeMutableBytes { raw -> Bool in
            var offset = 0
            while offset < size {
                let n = Glibc.read(fd, raw.baseAddress! + offset, size - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        return complete ? bytes : nil
    }

    private static func oid(_ r: inout BinaryReader) throws -> Oid {
        guard let oid = Oid(raw: try r.raw(20)) else { throw BinaryFormatError("bad object id") }
        return oid
    }

    /// A 64-bit checksum of the payload, word by word: it catches damage, not tampering (a cache).
    static func checksum(_ data: UnsafeRawBufferPointer) -> UInt64 {
        var sum = Checksum()
        sum.update(data)
        return sum.finish()
    }

    /// The checksum fed in parts: the same result whatever the parts.
    struct Checksum {
        private var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        private var pending: [UInt8] = []
        private var count: UInt64 = 0

        mutating func update(_ data: UnsafeRawBufferPointer) {
            count += UInt64(data.count)
            var i = 0
            let n = data.count
            while !pending.isEmpty, pending.count < 8, i < n {
                pending.append(data[i])
                i += 1
            }
            if pending.count == 8 {
                pending.withUnsafeBytes { mix($0.loadUnaligned(as: UInt64.self)) }
                pending.removeAll(keepingCapacity: true)
            }
            while i + 8 <= n {
                mix(data.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            while i < n {
                pending.append(data[i])
                i += 1
            }
        }

        private mutating func mix(_ word: UInt64) {
            h = (h ^ word) &* 0x0000_0100_0000_01B3
            h ^= h >> 29
        }

        func finish() -> UInt64 {
            var h = self.h ^ count
            for b in pending { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            h ^= h >> 33
            h = h &* 0xFF51_AFD7_ED55_8CCD
            return h ^ (h >> 33)
        }
    }

    /// This executable's size and modification time: a rebuilt or upgraded chase parses afresh.
    static let buildIdentity: String = {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return identity(ofExecutable: path)
    }()

    static func identity(ofExecutable path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "unknown" }
        #if os(Linux)
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        #else
        return "\(info.st_size) \(info.st_mtimespec.tv_sec).\(info.st_mtimespec.tv_nsec)"
        #endif
    }
}
