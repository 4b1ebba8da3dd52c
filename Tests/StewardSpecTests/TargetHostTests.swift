import Testing
import StewardSpec

/// One target, one spelling: every form of an address is one canonical host.
@Suite struct TargetHostTests {
    @Test(arguments: ["127.0.0.1", "127.1", "2130706433", "0x7f000001", "0x7F000001", "0177.0.0.1", "127.0.0.1.",
                      "::ffff:127.0.0.1", "[::ffff:127.0.0.1]", "::FFFF:7f00:1"])
    func everyFormOfLoopbackIsOne(_ spelling: String) {
        #expect(TargetHost.canonical(spelling) == "127.0.0.1")
        #expect(TargetHost(literal: spelling).isSame(as: TargetHost(literal: "127.0.0.1")))
    }

    @Test func namesAreCaseAndDotInsensitiveAndIPv6IsCompressed() {
        #expect(TargetHost.canonical("Cluster.Example.COM.") == "cluster.example.com")
        #expect(TargetHost.canonical("0:0:0:0:0:0:0:1") == "::1")
        #expect(TargetHost.canonical("[::1]") == "::1")
        #expect(TargetHost.canonical("deadbeef.example.com") == "deadbeef.example.com", "hex-looking names stay names")
        #expect(!TargetHost(literal: "a.example.com").isSame(as: TargetHost(literal: "b.example.com")))
    }

    @Test func aNameIsTheAddressesItResolvesTo() {
        let localhost = TargetHost.resolving("localhost")
        #expect(localhost.addresses.contains("127.0.0.1"), "\(localhost.addresses)")
        #expect(localhost.isSame(as: TargetHost(literal: "127.1")))
        #expect(TargetHost.resolving("LOCALHOST.").isSame(as: TargetHost.resolving("127.0.0.1")))
        #expect(TargetHost.resolving("no-such-host.invalid", timeout: .seconds(1)).addresses.isEmpty)
    }
}
