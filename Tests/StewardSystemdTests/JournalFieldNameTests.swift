import StewardSystemd
import Testing

@Suite struct JournalFieldNameTests {
    @Test(arguments: [
        ("steward.integration", "STEWARD_INTEGRATION"),
        ("steward.integration.id", "STEWARD_INTEGRATION_ID"),
        ("steward.integration_id", "STEWARD_INTEGRATION_ID"),
        ("steward.previous-status", "STEWARD_PREVIOUS_STATUS"),
        ("steward.event", "STEWARD_EVENT"),
        ("steward.attempt", "STEWARD_ATTEMPT"),
        ("error.code", "STEWARD_ERROR_CODE"),
        ("MESSAGE", "STEWARD_MESSAGE"),
        ("priority", "STEWARD_PRIORITY"),
        ("_PID", "STEWARD__PID"),
        ("1st", "STEWARD_1ST"),
        ("sql state/π", "STEWARD_SQL_STATE__"),
        ("steward", "STEWARD"),
        ("stewardship", "STEWARD_STEWARDSHIP"),
        ("", "STEWARD"),
    ])
    func mapping(key: String, field: String) {
        #expect(JournalFieldName.forMetadataKey(key) == field)
    }

    @Test func namesAreValidJournalFieldNames() {
        let keys = ["a.b-c", "x" + String(repeating: "y", count: 100), "ünïcode", "__", "9"]
        for key in keys {
            let name = JournalFieldName.forMetadataKey(key)
            #expect(name.count <= JournalFieldName.maximumLength)
            #expect(name.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") })
            #expect(name.first.map { $0 != "_" && !$0.isNumber } == true)
        }
    }
}
