/// Loopback hosts: `localhost`, 127.0.0.0/8 and ::1 (also written out in full).
enum LoopbackAddress {
    static func contains(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" || lowered == "0:0:0:0:0:0:0:1" { return true }
        let octets = lowered.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        let numbers = octets.compactMap { octet -> Int? in
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy(\.isASCII), let value = Int(octet),
                  (0...255).contains(value) else { return nil }
            return value
        }
        return numbers.count == 4 && numbers[0] == 127
    }
}
