import Foundation

/// The ways a secret could be written down without being itself: raw, hex and base64 (at each
/// of the three alignments a base64 encoder can meet it at). A leak check looks for all of them.
package struct SecretForms: Sendable {
    package let secret: String
    package let forms: [Data]

    package init(_ secret: String) {
        self.secret = secret
        let bytes = Data(secret.utf8)
        var forms = [bytes, Data(bytes.map { String(format: "%02x", $0) }.joined().utf8),
                     Data(bytes.map { String(format: "%02X", $0) }.joined().utf8)]
        for skipped in 0..<3 {
            // The secret starting at a multiple of 3 bytes encodes to this text, whatever surrounds it.
            let aligned = bytes.dropFirst(skipped)
            let whole = aligned.prefix(aligned.count / 3 * 3)
            forms.append(Data(Data(whole).base64EncodedString().utf8))
        }
        self.forms = forms
    }

    /// Which forms `data` contains ("raw", "hex", "base64"), empty when none.
    package func found(in data: Data) -> [String] {
        let names = ["raw", "hex", "HEX", "base64", "base64+1", "base64+2"]
        return zip(names, forms).compactMap { name, form in data.range(of: form) != nil ? name : nil }
    }

    package func found(in text: String) -> [String] { found(in: Data(text.utf8)) }
}
