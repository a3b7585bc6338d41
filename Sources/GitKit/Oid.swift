import CLibGit2

/// A git object id (SHA-1), stored inline so it is cheap to copy, hash and compare.
public struct Oid: Hashable, Sendable, CustomStringConvertible {
    // 20 bytes as three words: no heap allocation, synthesized Hashable.
    private let w0: UInt64
    private let w1: UInt64
    private let w2: UInt32

    /// The all-zero id, which git uses to mean "no object".
    public static let zero = Oid(w0: 0, w1: 0, w2: 0)

    private init(w0: UInt64, w1: UInt64, w2: UInt32) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
    }

    /// Parses a full 40-digit hexadecimal id (either case); nil for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 20)
        for i in 0..<20 {
            guard let hi = Oid.nibble(digits[2 * i]), let lo = Oid.nibble(digits[2 * i + 1]) else { return nil }
            bytes[i] = hi << 4 | lo
        }
        self.init(bytes: bytes)
    }

    init(bytes: [UInt8]) {
        precondition(bytes.count == 20)
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt32 = 0
        bytes.withUnsafeBytes { raw in
            w0 = raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            w1 = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            w2 = raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
        }
        self.init(w0: w0, w1: w1, w2: w2)
    }

    /// The id whose 20 raw bytes are `raw`; nil for any other length.
    public init?(raw: UnsafeRawBufferPointer) {
        guard raw.count == 20, let base = raw.baseAddress else { return nil }
        self.init(rawBytes: base)
    }

    /// Reads 20 bytes in place (a tree entry's id), without copying them into an array first.
    init(rawBytes p: UnsafeRawPointer) {
        self.init(w0: p.loadUnaligned(fromByteOffset: 0, as: UInt64.self), w1: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                  w2: p.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    init(_ raw: git_oid) {
        var copy = raw
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt32 = 0
        withUnsafeBytes(of: &copy.id) { raw in
            w0 = raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            w1 = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            w2 = raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
        }
        self.init(w0: w0, w1: w1, w2: w2)
    }

    init(_ pointer: UnsafePointer<git_oid>) {
        self.init(pointer.pointee)
    }

    /// The id in libgit2's representation, to pass by pointer into C calls.
    var raw: git_oid {
        var out = git_oid()
        withUnsafeMutableBytes(of: &out.id) { raw in
            raw.storeBytes(of: w0, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: w1, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: w2, toByteOffset: 16, as: UInt32.self)
        }
        return out
    }

    /// The 20 raw bytes.
    public var bytes: [UInt8] {
        var raw = self.raw
        return withUnsafeBytes(of: &raw.id) { Array($0) }
    }

    /// The 40-digit lowercase hexadecimal form.
    public var hex: String {
        let table = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(40)
        for byte in bytes {
            out.append(table[Int(byte >> 4)])
            out.append(table[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var isZero: Bool { self == .zero }

    public var description: String { hex }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
