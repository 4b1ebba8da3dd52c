import Testing
@testable import StewardFederation

struct AWSQueryErrorTests {
    @Test func readsTheCodeOfAnErrorAnswer() throws {
        let document = """
            <ErrorResponse xmlns="http://redshift.amazonaws.com/doc/2012-12-01/">
              <Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>No such provider</Message></Error>
            </ErrorResponse>
            """
        let error = try #require(AWSQueryError(body: Array(document.utf8)))
        #expect(error.code == "InvalidIdentityToken")
        #expect(error.message == "No such provider")
        #expect(!AWSQueryError.isTransient(status: 400, code: error.code))
        #expect(AWSQueryError.isTransient(status: 400, code: "Throttling"))
        #expect(AWSQueryError(body: Array("<html>500</html>".utf8)) == nil)
    }
}
