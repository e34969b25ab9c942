#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Writes straight to a file descriptor: Swift 6 rejects the C `stderr` and
/// `stdout` globals as shared mutable state, and these writes need no buffering
/// of their own.
package func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) {
    var offset = 0
    while offset < bytes.count {
        let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if n <= 0 { if errno == EINTR { continue } else { return } }
        offset += n
    }
}

package func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { writeAll(2, UnsafeRawBufferPointer($0)) }
}

/// Diagnostics go to stderr so that stdout stays machine-readable.
package func printError(_ message: String) {
    writeStandardError("rulebridge: \(message)\n")
}
