import Foundation
import StewardSpec

/// libFuzzer entry point: the spec decoder and validator (`SpecParser.parse(data:source:)`).
///
/// Beyond "never crashes, never hangs" (libFuzzer's -timeout), each input is checked for the
/// properties in `SpecProperties`; a violation stops the process, which libFuzzer saves.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpecParser(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let first = Result { () throws(SpecErrors) in try SpecParser.parse(data: data, source: "fuzz.yaml") }
    let second = Result { () throws(SpecErrors) in try SpecParser.parse(data: data, source: "fuzz.yaml") }
    if first != second { specPropertyFailed("parsing the same bytes twice gave different answers", data) }
    switch first {
    case .success(let spec): SpecProperties.valid(spec, data)
    case .failure(let errors): SpecProperties.refused(errors, data)
    }
    return 0
}
