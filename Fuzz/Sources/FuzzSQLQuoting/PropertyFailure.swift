/// Stops the fuzzer with a message that shows the offending strings unambiguously.
func propertyFailed(_ what: String, _ values: [String], file: StaticString = #fileID, line: UInt = #line) -> Never {
    let shown = values.map { value in
        "\"" + value.unicodeScalars.map { scalar in
            scalar.isASCII && scalar.value >= 0x20 && scalar != "\\" ? String(scalar) : "\\u{\(String(scalar.value, radix: 16))}"
        }.joined() + "\""
    }
    fatalError("property violated: \(what); input: \(shown.joined(separator: ", "))", file: file, line: line)
}
