#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Reads a file (or stdin for "-") line by line with a fixed buffer, so
/// replaying a large recording needs memory for one line, not the file.
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private let closeOnDeinit: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEOF = false
    let path: String

    init(path: String) throws {
        self.path = path
        if path == "-" {
            guard let f = fdopen(0, "rb") else { throw LineReaderError(description: "cannot read stdin") }
            file = f
            closeOnDeinit = false
        } else {
            guard let f = fopen(path, "rb") else {
                throw LineReaderError(description: "cannot open \(path): \(String(cString: strerror(errno)))")
            }
            file = f
            closeOnDeinit = true
        }
    }

    deinit { if closeOnDeinit { fclose(file) } }

    /// The next line without its newline (and without a trailing `\r`), or nil at the end.
    func next() -> ArraySlice<UInt8>? {
        while true {
            if let nl = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[start..<nl]
                start = nl + 1
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                return line
            }
            if atEOF {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return line
            }
            buffer.removeSubrange(0..<start)
            start = 0
            let chunk = 1 << 16
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunk))
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress! + old, 1, chunk, file) }
            buffer.removeLast(chunk - n)
            if n == 0 { atEOF = true }
        }
    }
}

struct LineReaderError: Error, CustomStringConvertible {
    var description: String
}
