#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation

/// A minimal HTTP/1.1 server for `/metrics`, `/healthz` and `/readyz`: GET
/// only, one request per connection, on its own thread so that scrapes never
/// wait for the processing loop (and the loop never waits for a scrape).
package final class HTTPEndpoint: @unchecked Sendable {
    // Invariant: `socketFD` is written once in `init` and closed once in `stop`.
    private let socketFD: Int32
    package let port: Int
    private let handler: @Sendable (String) -> (status: Int, contentType: String, body: String)
    private let stopped = Atomic()

    final class Atomic: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

    /// Binds `host:port` (port 0 picks a free one; `port` then tells which).
    package init(host: String, port: Int, handler: @escaping @Sendable (String) -> (status: Int, contentType: String, body: String)) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HTTPEndpointError("socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &addr.sin_addr) == 1 else {
            close(fd)
            throw HTTPEndpointError("invalid listen address \(host)")
        }
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 16) == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw HTTPEndpointError("cannot listen on \(host):\(port): \(why)")
        }
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        self.socketFD = fd
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        self.handler = handler
        let thread = Thread { [self] in self.serve() }
        thread.name = "rulebridge-http"
        thread.start()
    }

    package func stop() {
        stopped.set()
        shutdown(socketFD, Int32(SHUT_RDWR))
        close(socketFD)
    }

    private func serve() {
        while !stopped.isSet {
            let client = accept(socketFD, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            respond(client)
            close(client)
        }
    }

    private func respond(_ fd: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while request.count < 16_384 {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            request += buffer[0..<n]
            if request.count >= 4, request.suffix(4) == [13, 10, 13, 10] { break }
        }
        let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self).split(separator: " ")
        let (status, type, body): (Int, String, String)
        if line.count >= 2, line[0] == "GET" {
            let path = String(line[1].split(separator: "?", maxSplits: 1).first ?? "")
            (status, type, body) = handler(path)
        } else {
            (status, type, body) = (405, "text/plain", "only GET\n")
        }
        let reason = [200: "OK", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"][status] ?? "Error"
        let response = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        var bytes = Array(response.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
            if n <= 0 { break }
            off += n
        }
    }
}

struct HTTPEndpointError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
