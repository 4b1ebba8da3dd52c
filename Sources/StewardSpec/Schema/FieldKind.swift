/// What the value of one key of a spec must be: the rule `SpecDecoder` applies to it, named,
/// so that `SpecSchema` can describe the same rule in JSON Schema. Each case names the
/// `FieldRules` function (or `NodeReader` reader) the decoder calls for such a field.
indirect enum FieldKind: Sendable {
    /// Exactly this text (`type: Redshift`).
    case constant(String)
    /// `true` or `false` (`NodeReader.bool`).
    case bool
    /// A plain decimal integer in the range (`NodeReader.integer`).
    case integer(ClosedRange<Int>)
    /// One of the raw values (`NodeReader.choice`).
    case choice([String])
    /// `FieldRules.createdName`.
    case createdName
    /// `FieldRules.hostName`.
    case hostName
    /// `FieldRules.text` with the limit in bytes.
    case text(maximumBytes: Int)
    /// `FieldRules.inlinePassword`.
    case password
    /// `FieldRules.absolutePath`.
    case absolutePath
    /// `FieldRules.credentialName`.
    case credentialName
    /// `FieldRules.awsName`.
    case awsName
    /// `FieldRules.identityProviderHost`.
    case identityProviderHost
    /// `FieldRules.governanceName`.
    case governanceName
    /// `FieldRules.catalogName`.
    case catalogName
    /// `FieldRules.sqlText`.
    case sqlText
    /// `TableReference(parsing:)` and `FieldRules.catalogName` on each part.
    case tableReference
    /// A list of distinct elements (`NodeReader.sequence`, `NodeReader.strings`).
    case list(FieldKind)
    /// A mapping whose keys the author names (`NodeReader.namedEntries`).
    case namedMap(key: FieldKind, value: FieldKind)
    /// A mapping with the keys of a `KeySchema` (`NodeReader.fields`).
    case object(KeySchema)
}
