import StewardWarehouse

/// libFuzzer entry point: SQL quoting and the statements built from it.
///
/// The input is split at 0xFF bytes (never part of UTF-8) into names and values; each property
/// that fails stops the process with a message, which libFuzzer reports as a crash and saves.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSQLQuoting(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let strings = FuzzStrings(bytes, count: 4).values
    for value in strings {
        QuotingProperties.identifierRoundTrip(value)
        QuotingProperties.literalRoundTrip(value)
    }
    QuotingProperties.scriptText(identifier: strings[0], values: [strings[1], strings[2]])
    StatementShapes.check(names: strings[0], strings[1], verifier: strings[2])
    StatementShapes.checkMarker(strings)
    return 0
}
