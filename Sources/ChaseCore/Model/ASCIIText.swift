#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// True when every byte is ASCII. Checked eight bytes at a time in place: the path checks run it
    /// for every file of a queue.
    var isASCII: Bool {
        if let answer = utf8.withContiguousStorageIfAvailable({ buf -> Bool in
            guard let base = buf.baseAddress else { return true }
            var i = 0
            while i + 8 <= buf.count {
                if UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
            while i < buf.count {
                if buf[i] >= 0x80 { return false }
                i += 1
            }
            return true
        }) {
            return answer
        }
        return utf8.allSatisfy { $0 < 0x80 }
    }
}
