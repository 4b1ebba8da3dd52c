import StewardXML

/// libFuzzer entry point: the XML reader that reads AWS Query API answers and SAML assertions
/// (`XMLReader.parse`), on any bytes. Beyond "never crashes, never hangs" (libFuzzer's
/// -timeout), each input is checked for the properties in `XMLProperties`; a violation stops the
/// process, which libFuzzer saves.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXMLReader(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    XMLProperties.check(bytes)
    return 0
}
