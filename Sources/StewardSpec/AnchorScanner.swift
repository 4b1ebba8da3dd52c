/// Finds YAML anchors (`&name`) and aliases (`*name`) in spec text before it is parsed.
///
/// Specs are refused if they use anchors or aliases. A spec has no repeated structure that would
/// need them, and aliases make "billion laughs" documents possible: a few hundred bytes that
/// expand to billions of nodes. Yams expands aliases by sharing storage, so composing such a
/// document is cheap, but hashing or walking it is exponential, and Yams hashes every mapping
/// key while checking for duplicates. An alias used as a key therefore never finishes parsing,
/// which is why this check runs on the text, before Yams sees it.
///
/// This is a small lexical scanner, not a YAML parser. It follows the structure just far enough
/// to know where a node can start (line starts in block context, after `- `, `? `, `: `, `[`, `{`,
/// `,` and tags) and skips quoted scalars, block scalars, plain scalars and comments. Where it is
/// unsure it errs towards reporting: a line of a multi-line plain scalar that begins with `&` or
/// `*` is reported, and the fix says to quote the value. A node that truly starts with `&` or `*`
/// is never missed.
struct AnchorScanner {
    enum Kind: Equatable {
        case anchor
        case alias
    }

    struct Finding: Equatable {
        var kind: Kind
        var line: Int
        var column: Int
    }

    private let bytes: [UInt8]
    private var index = 0
    private var flowDepth = 0
    /// Whether the next token may start a node (where `&`, `*`, quotes, `[`, `{`, `|`, `>` mean something).
    private var atNodeStart = true
    /// Column that the lines of a block scalar starting here must be indented beyond.
    private var blockParentColumn = 0
    private var atLineStart = true
    /// Where `column(of:)` has counted up to, and the start of that line: columns are found in
    /// one forward pass, so even a megabyte on one line is scanned in linear time.
    private var trackedPosition = 0
    private var trackedLineStart = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The first anchor or alias in `text`, or nil if there is none.
    static func firstAnchorOrAlias(in text: String) -> Finding? {
        var scanner = AnchorScanner(Array(text.utf8))
        return scanner.scan()
    }

    private mutating func scan() -> Finding? {
        while index < bytes.count {
            if atLineStart {
                startLine()
                continue
            }
            let byte = bytes[index]
            switch byte {
            case Byte.lineFeed:
                index += 1
                atLineStart = true
            case Byte.carriageReturn:
                index += 1
                if index < bytes.count, bytes[index] == Byte.lineFeed { index += 1 }
                atLineStart = true
            case Byte.space, Byte.tab:
                index += 1
            case Byte.hash:
                skipToLineEnd()
            default:
                if atNodeStart {
                    if let finding = scanNodeStart(byte) { return finding }
                } else {
                    scanAfterNode(byte)
                }
            }
        }
        return nil
    }

    /// Handles indentation, document markers and directives at the start of a line.
    private mutating func startLine() {
        atLineStart = false
        var indent = 0
        while index + indent < bytes.count, bytes[index + indent] == Byte.space { indent += 1 }
        index += indent
        guard flowDepth == 0 else { return }
        atNodeStart = true
        blockParentColumn = indent
        guard indent == 0 else { return }
        if startsWith([Byte.dash, Byte.dash, Byte.dash]) || startsWith([Byte.dot, Byte.dot, Byte.dot]),
           isBlankOrBreak(at: index + 3) {
            index += 3
        } else if index < bytes.count, bytes[index] == Byte.percent {
            skipToLineEnd()
        }
    }

    private mutating func scanNodeStart(_ byte: UInt8) -> Finding? {
        switch byte {
        case Byte.ampersand:
            return finding(.anchor)
        case Byte.asterisk:
            return finding(.alias)
        case Byte.exclamation:
            // A tag; the node itself follows.
            if flowDepth == 0 { blockParentColumn = column(of: index) }
            while index < bytes.count, !isBlankOrBreak(at: index), !isFlowIndicator(bytes[index]) { index += 1 }
        case Byte.doubleQuote:
            if flowDepth == 0 { blockParentColumn = column(of: index) }
            skipDoubleQuoted()
            atNodeStart = false
        case Byte.singleQuote:
            if flowDepth == 0 { blockParentColumn = column(of: index) }
            skipSingleQuoted()
            atNodeStart = false
        case Byte.openBracket, Byte.openBrace:
            flowDepth += 1
            index += 1
        case Byte.closeBracket, Byte.closeBrace:
            if flowDepth > 0 { flowDepth -= 1 }
            index += 1
            atNodeStart = false
        case Byte.comma where flowDepth > 0:
            index += 1
        case Byte.pipe where flowDepth == 0, Byte.greaterThan where flowDepth == 0:
            skipBlockScalar()
        case Byte.dash, Byte.question, Byte.colon:
            if isBlankOrBreak(at: index + 1) {
                // `- `, `? `, `: `: an entry, key or value follows.
                if flowDepth == 0 { blockParentColumn = column(of: index) }
                index += 1
            } else {
                scanPlain()
            }
        default:
            scanPlain()
        }
        return nil
    }

    /// After a complete node: only indicators that open the next node matter.
    private mutating func scanAfterNode(_ byte: UInt8) {
        switch byte {
        case Byte.colon where flowDepth > 0 || isBlankOrBreak(at: index + 1):
            index += 1
            atNodeStart = true
        case Byte.comma where flowDepth > 0:
            index += 1
            atNodeStart = true
        case Byte.closeBracket where flowDepth > 0, Byte.closeBrace where flowDepth > 0:
            flowDepth -= 1
            index += 1
        case Byte.doubleQuote:
            skipDoubleQuoted()
        case Byte.singleQuote:
            skipSingleQuoted()
        default:
            index += 1
        }
    }

    /// A plain scalar runs to the end of the line, `: `, ` #`, or (in flow context) a flow
    /// indicator or any `:`.
    private mutating func scanPlain() {
        if flowDepth == 0 { blockParentColumn = column(of: index) }
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Byte.lineFeed || byte == Byte.carriageReturn { break }
            if byte == Byte.colon, flowDepth > 0 || isBlankOrBreak(at: index + 1) { break }
            if byte == Byte.space || byte == Byte.tab, index + 1 < bytes.count, bytes[index + 1] == Byte.hash { break }
            if flowDepth > 0, isFlowIndicator(byte) || byte == Byte.question { break }
            index += 1
        }
        atNodeStart = false
    }

    private mutating func skipDoubleQuoted() {
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case Byte.backslash:
                index += 2
            case Byte.doubleQuote:
                index += 1
                return
            default:
                index += 1
            }
        }
    }

    private mutating func skipSingleQuoted() {
        index += 1
        while index < bytes.count {
            if bytes[index] == Byte.singleQuote {
                if index + 1 < bytes.count, bytes[index + 1] == Byte.singleQuote {
                    index += 2
                    continue
                }
                index += 1
                return
            }
            index += 1
        }
    }

    /// Skips the header line of a `|` or `>` scalar and every following line that is blank or
    /// indented beyond the column of the key or entry that owns the scalar.
    private mutating func skipBlockScalar() {
        let parent = blockParentColumn
        skipToLineEnd()
        while index < bytes.count {
            var lineStart = index
            if bytes[lineStart] == Byte.carriageReturn { lineStart += 1 }
            if lineStart < bytes.count, bytes[lineStart] == Byte.lineFeed { lineStart += 1 }
            var cursor = lineStart
            while cursor < bytes.count, bytes[cursor] == Byte.space { cursor += 1 }
            let indent = cursor - lineStart
            while cursor < bytes.count, bytes[cursor] == Byte.tab || bytes[cursor] == Byte.space { cursor += 1 }
            let blank = cursor >= bytes.count || bytes[cursor] == Byte.lineFeed || bytes[cursor] == Byte.carriageReturn
            guard blank || indent > parent else {
                index = lineStart
                atLineStart = true
                return
            }
            index = cursor
            skipToLineEnd()
        }
    }

    /// Moves to the line break that ends the current line (or the end of the text).
    private mutating func skipToLineEnd() {
        while index < bytes.count, bytes[index] != Byte.lineFeed, bytes[index] != Byte.carriageReturn { index += 1 }
    }

    private func startsWith(_ prefix: [UInt8]) -> Bool {
        index + prefix.count <= bytes.count && bytes[index..<index + prefix.count].elementsEqual(prefix)
    }

    private func isBlankOrBreak(at position: Int) -> Bool {
        guard position < bytes.count else { return true }
        let byte = bytes[position]
        return byte == Byte.space || byte == Byte.tab || byte == Byte.lineFeed || byte == Byte.carriageReturn
    }

    private func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == Byte.comma || byte == Byte.openBracket || byte == Byte.closeBracket
            || byte == Byte.openBrace || byte == Byte.closeBrace
    }

    /// 0-based column of `position` in bytes; positions only ever move forward. Counting bytes
    /// rather than characters can only make a column larger, which ends a block scalar earlier
    /// and so errs towards reporting.
    private mutating func column(of position: Int) -> Int {
        while trackedPosition < position {
            let byte = bytes[trackedPosition]
            trackedPosition += 1
            if byte == Byte.lineFeed || byte == Byte.carriageReturn { trackedLineStart = trackedPosition }
        }
        return position - trackedLineStart
    }

    /// The finding at `index`, with a 1-based line and a column counted in Unicode scalars.
    private func finding(_ kind: Kind) -> Finding {
        var line = 1
        var lineStart = 0
        var previous: UInt8 = 0
        for (offset, byte) in bytes[..<index].enumerated() {
            if byte == Byte.lineFeed, previous != Byte.carriageReturn { line += 1 }
            if byte == Byte.carriageReturn { line += 1 }
            if byte == Byte.lineFeed || byte == Byte.carriageReturn { lineStart = offset + 1 }
            previous = byte
        }
        let column = bytes[lineStart..<index].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return Finding(kind: kind, line: line, column: column + 1)
    }
}
