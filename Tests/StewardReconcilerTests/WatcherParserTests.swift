import Glibc
import Testing
@testable import StewardReconciler

/// Encodes records the way the kernel lays them out: header, then the name NUL-padded.
private func encode(_ records: [(wd: Int32, mask: UInt32, cookie: UInt32, name: String?, padTo: Int)]) -> [UInt8] {
    var bytes: [UInt8] = []
    for record in records {
        var name = Array((record.name ?? "").utf8)
        if record.name != nil { name.append(0) }
        while name.count < record.padTo { name.append(0) }
        withUnsafeBytes(of: record.wd) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: record.mask) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: record.cookie) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(name.count)) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: name)
    }
    return bytes
}

private func parse(_ bytes: [UInt8]) -> (records: [InotifyRecord], isTruncated: Bool) {
    bytes.withUnsafeBytes { InotifyRecord.parse($0) }
}

@Suite struct WatcherParserTests {
    @Test func parsesConsecutiveRecords() {
        let bytes = encode([
            (1, InotifyMask.closeWrite, 0, "analytics.yaml", 16),
            (1, InotifyMask.movedFrom, 7, ".analytics.yaml.tmp", 32),
            (1, InotifyMask.deleteSelf, 0, nil, 0),
        ])
        let (records, isTruncated) = parse(bytes)
        #expect(!isTruncated)
        #expect(records == [
            InotifyRecord(watchDescriptor: 1, mask: InotifyMask.closeWrite, cookie: 0, name: "analytics.yaml"),
            InotifyRecord(watchDescriptor: 1, mask: InotifyMask.movedFrom, cookie: 7, name: ".analytics.yaml.tmp"),
            InotifyRecord(watchDescriptor: 1, mask: InotifyMask.deleteSelf, cookie: 0, name: nil),
        ])
    }

    @Test func anEmptyBufferHasNoRecords() {
        let (records, isTruncated) = parse([])
        #expect(records.isEmpty)
        #expect(!isTruncated)
    }

    @Test func anAllPaddingNameIsNoName() {
        let (records, _) = parse(encode([(-1, InotifyMask.queueOverflow, 0, nil, 16)]))
        #expect(records == [InotifyRecord(watchDescriptor: -1, mask: InotifyMask.queueOverflow, cookie: 0, name: nil)])
    }

    @Test func aShortHeaderStopsParsing() {
        var bytes = encode([(1, InotifyMask.create, 0, "a", 16)])
        bytes.append(contentsOf: [1, 0, 0, 0, 8])
        let (records, isTruncated) = parse(bytes)
        #expect(records.map(\.name) == ["a"])
        #expect(isTruncated)
    }

    @Test func aNameRunningPastTheEndStopsParsing() {
        var bytes = encode([(1, InotifyMask.create, 0, "a", 16), (1, InotifyMask.delete, 0, "b", 16)])
        bytes.removeLast(4)
        let (records, isTruncated) = parse(bytes)
        #expect(records.map(\.name) == ["a"])
        #expect(isTruncated)
    }

    @Test func aHugeNameLengthDoesNotCrash() {
        var bytes: [UInt8] = []
        for field: UInt32 in [1, InotifyMask.create, 0, UInt32.max] {
            withUnsafeBytes(of: field) { bytes.append(contentsOf: $0) }
        }
        bytes.append(contentsOf: [0x61, 0])
        let (records, isTruncated) = parse(bytes)
        #expect(records.isEmpty)
        #expect(isTruncated)
    }

    @Test func invalidUTF8IsReplacedNotRejected() {
        var bytes: [UInt8] = []
        for field: UInt32 in [1, InotifyMask.closeWrite, 0, 4] {
            withUnsafeBytes(of: field) { bytes.append(contentsOf: $0) }
        }
        bytes.append(contentsOf: [0x61, 0xFF, 0x62, 0])
        let (records, isTruncated) = parse(bytes)
        #expect(!isTruncated)
        #expect(records.first?.name == "a\u{FFFD}b")
    }

    @Test(arguments: [(Duration.zero, Int32(1)), (.nanoseconds(1), 1), (.milliseconds(250), 250),
                      (.microseconds(2_500), 3), (.seconds(Int64.max), Int32.max)])
    func pollTimeoutsAreWholePositiveMilliseconds(timeout: Duration, expected: Int32) {
        #expect(timeout.pollMilliseconds == expected)
    }
}
