import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A GET over a plain socket (HTTP/1.1, `Connection: close`), as a probe or a
/// scraper sends it.
package struct HTTPResponse: Sendable {
    package var status: Int
    package var body: String

    package static func get(port: Int, path: String, timeout: Int = 5) throws -> HTTPResponse {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket failed") }
        defer { close(fd) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        try connectToLoopback(fd, port: port)
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == request.count else {
            throw HarnessError("writing the request failed")
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 { throw HarnessError("reading the response failed: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            response += buffer[0..<n]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let statusLine = text.split(separator: "\r\n").first, statusLine.hasPrefix("HTTP/1.1 "),
              let status = Int(statusLine.dropFirst(9).prefix(3)),
              let bodyStart = text.range(of: "\r\n\r\n")
        else { throw HarnessError("not an HTTP response: \(text.prefix(200))") }
        return HTTPResponse(status: status, body: String(text[bodyStart.upperBound...]))
    }
}

/// Connects a TCP socket to 127.0.0.1:`port`.
package func connectToLoopback(_ fd: Int32, port: Int) throws {
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw HarnessError("connect to 127.0.0.1:\(port) failed: \(String(cString: strerror(errno)))") }
}
