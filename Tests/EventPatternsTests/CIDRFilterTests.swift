import EventPatterns
import Testing

@Suite struct CIDRFilterTests {
    @Test func ipv4AddressesInsideTheNetworkMatch() throws {
        let f = #"{"cidr": "10.0.0.0/24"}"#
        #expect(try filter(f, matches: #""10.0.0.0""#))
        #expect(try filter(f, matches: #""10.0.0.255""#))
        #expect(try !filter(f, matches: #""10.0.1.0""#))
        #expect(try !filter(f, matches: #""9.255.255.255""#))
    }

    @Test func prefixLengthsNeedNotFallOnBytes() throws {
        let f = #"{"cidr": "192.168.0.0/20"}"#
        #expect(try filter(f, matches: #""192.168.15.255""#))
        #expect(try !filter(f, matches: #""192.168.16.0""#))
        #expect(try filter(#"{"cidr": "0.0.0.0/0"}"#, matches: #""255.255.255.255""#))
    }

    @Test func hostBitsInTheNetworkAreIgnored() throws {
        let block = try #require(CIDRBlock("10.0.0.7/24"))
        #expect(block.network == [10, 0, 0, 0])
        #expect(block.contains(Array("10.0.0.200".utf8)))
    }

    @Test func ipv6AddressesInsideTheNetworkMatch() throws {
        let f = #"{"cidr": "2001:db8::/32"}"#
        #expect(try filter(f, matches: #""2001:db8::1""#))
        #expect(try filter(f, matches: #""2001:0db8:0000:0000:0000:0000:0000:0001""#))
        #expect(try filter(f, matches: #""2001:DB8:ffff::""#))
        #expect(try !filter(f, matches: #""2001:db9::1""#))
        #expect(try filter(#"{"cidr": "::/0"}"#, matches: #""::""#))
    }

    @Test func familiesDoNotMix() throws {
        #expect(try !filter(#"{"cidr": "10.0.0.0/8"}"#, matches: #""2001:db8::1""#))
        #expect(try !filter(#"{"cidr": "::/0"}"#, matches: #""10.0.0.1""#))
    }

    @Test func ipv4MappedIPv6CountsAsIPv4() throws {
        #expect(try filter(#"{"cidr": "10.0.0.0/8"}"#, matches: #""::ffff:a00:1""#))
    }

    @Test func cidrMatchesOnlyAddressStrings() throws {
        let f = #"{"cidr": "10.0.0.0/24"}"#
        #expect(try !filter(f, matches: "10"))
        #expect(try !filter(f, matches: #""10.0.0""#))
        #expect(try !filter(f, matches: #""10.0.0.1 ""#))
        #expect(try !filter(f, matches: #""010.0.0.1""#))
        #expect(try !filter(f, matches: #""10.0.0.256""#))
        #expect(try !filter(f, matches: #""host.example""#))
        #expect(try !filter(f, matches: "null"))
    }

    @Test func malformedAddressesAreNotAddresses() {
        for text in ["1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "+1::", "12345::", "::ffff:10.0.0.1",
            "fe80::1%eth0", "[::1]", "1.2.3", "1.2.3.4.5", "1..2.3", "-1.2.3.4", ""]
        {
            #expect(CIDRBlock.parseAddress(Array(text.utf8)) == nil, "\(text)")
        }
        #expect(CIDRBlock.parseAddress(Array("1:2:3:4:5:6:7::".utf8))?.count == 16)
        #expect(CIDRBlock.parseAddress(Array("::1:2:3:4:5:6:7".utf8))?.count == 16)
    }

    @Test func invalidBlocksSayWhy() {
        func message(_ s: String) -> String? {
            do {
                _ = try CIDRBlock(checking: s)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(message("10.0.0.0/99")?.contains("IPv4 prefix length must be at most 31") == true)
        #expect(message("10.0.0.0/32")?.contains("at most 31") == true)
        #expect(message("::/128")?.contains("IPv6 prefix length must be at most 127") == true)
        #expect(message("10.0.0.0")?.contains("expected address/prefix-length") == true)
        #expect(message("10.0.0.0/+8")?.contains("decimal integer") == true)
        #expect(message("10.0.0.0/")?.contains("decimal integer") == true)
        #expect(message("10.0.0/8")?.contains("not an IPv4 or IPv6 address") == true)
        #expect(message("10.0.0.0/8") == nil)
        #expect(message("2001:db8::/127") == nil)
    }
}
