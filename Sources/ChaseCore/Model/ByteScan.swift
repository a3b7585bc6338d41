#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte order of texts (what git sorts paths by), compared in place.
public enum ByteOrder {
    /// Negative, zero or positive as `a` sorts before, with or after `b`.
    public static func compare(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                if common > 0 {
                    let c = memcmp(x.baseAddress!, y.baseAddress!, common)
                    if c != 0 { return Int(c) }
                }
                return x.count - y.count
            }
        }
    }

    public static func precedes(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }
}

/// Word-at-a-time byte tests (eight bytes per step), for the scans every file of a queue goes through.
enum ByteScan {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Some byte of `w` is below `n` (n ≤ 128).
    @inline(__always) static func hasLess(_ w: UInt64, _ n: UInt64) -> Bool {
        (w &- ones &* n) & ~w & highs != 0
    }

    /// Some byte of `w` equals `b`.
    @inline(__always) static func hasByte(_ w: UInt64, _ b: UInt8) -> Bool {
        hasLess(w ^ (ones &* UInt64(b)), 1)
    }

    /// Some byte of `w` is 0x7F or above.
    @inline(__always) static func hasHighOrDelete(_ w: UInt64) -> Bool {
        (((w & 0x7F7F_7F7F_7F7F_7F7F) &+ ones) | w) & highs != 0
    }

    /// True when every byte of `bytes` is printable ASCII (0x20–0x7E).
    static func isPrintableASCII(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while i + 8 <= count {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            if hasLess(w, 0x20) || hasHighOrDelete(w) { return false }
            i += 8
        }
        while i < count {
            if p[i] < 0x20 || p[i] >= 0x7F { return false }
            i += 1
        }
        return true
    }

    /// True when some byte of `bytes` is one of `a`, `b`, `c`.
    static func contains(_ p: UnsafePointer<UInt8>, _ count: Int, _ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        var i = 0
        while i + 8 <= count {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            if hasByte(w, a) || hasByte(w, b) || hasByte(w, c) { return true }
            i += 8
        }
        while i < count {
            if p[i] == a || p[i] == b || p[i] == c { return true }
            i += 1
        }
        return false
    }
}
