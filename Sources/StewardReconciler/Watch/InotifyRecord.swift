import Glibc

/// One `struct inotify_event` read from an inotify file descriptor.
struct InotifyRecord: Sendable, Hashable {
    /// The watch the event belongs to; -1 for `IN_Q_OVERFLOW`.
    var watchDescriptor: Int32
    var mask: UInt32
    var cookie: UInt32
    /// The entry name, without its NUL padding; `nil` for events about the directory itself.
    var name: String?

    /// The size of the fixed part of a record: wd, mask, cookie, len.
    static let headerSize = 16

    /// Parses the records in `bytes`, as returned by one `read` of an inotify descriptor.
    ///
    /// Every length is checked against the buffer. The kernel only returns whole records, so a
    /// short header or a name running past the end means the buffer cannot be trusted: parsing
    /// stops there and `isTruncated` is true, and the caller should ask for a rescan.
    /// Names that are not valid UTF-8 are decoded with replacement characters; such names are
    /// never spec names.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> (records: [InotifyRecord], isTruncated: Bool) {
        var records: [InotifyRecord] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= headerSize else { return (records, true) }
            let watchDescriptor = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let cookie = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
            let nameLength = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let nameStart = offset + headerSize
            guard nameLength <= bytes.count - nameStart else { return (records, true) }
            let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[nameStart..<(nameStart + nameLength)])
            let usedLength = nameBytes.firstIndex(of: 0) ?? nameBytes.count
            let name = usedLength == 0
                ? nil
                : String(decoding: UnsafeRawBufferPointer(rebasing: nameBytes[0..<usedLength]), as: UTF8.self)
            records.append(InotifyRecord(watchDescriptor: watchDescriptor, mask: mask, cookie: cookie, name: name))
            offset = nameStart + nameLength
        }
        return (records, false)
    }
}
