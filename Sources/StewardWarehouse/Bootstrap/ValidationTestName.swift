/// Names of the validation tests, in the product API's wording where it has one.
package enum ValidationTestName {
    package static let basicConnection = "Initial Validation: Basic Connection Test"
    package static let databaseDoesNotExist = "Validate Automatic Bootstrap: Immuta Database Does Not Exist"
    package static let userGrants = "Validate Automatic Bootstrap User Grants"
    package static let systemAccountDoesNotExist = "Validate Automatic Bootstrap: System Account Does Not Exist"
    package static let impersonationRoleDoesNotExist = "Validate Automatic: Impersonation Role Does Not Exist"
    package static let systemAccountLogin = "Verify: System Account Login"
    package static let managedObjectsPresent = "Verify: Managed Objects Present"
    package static let routineCheck = "Recurring Validation: Managed Objects Present"
}

extension ValidationTestName {
    /// Manual setup: the system account is the one the scripts created.
    package static let manualSystemAccount = "Validate Manual Setup: System Account"
    /// Manual setup: what `initial-create` (or `edit`) makes outside the managed database.
    package static let manualServerObjects = "Validate Manual Setup: Server Objects"
    /// Manual setup: what `create` (or `edit`) makes inside the managed database.
    package static let manualDatabaseObjects = "Validate Manual Setup: Managed Database Objects"
}

extension ValidationTestName {
    /// Data sources, users and policies are in force (views, profile, impersonation).
    /// Single-database mode: the database holding the tables exists.
    package static let databaseExists = "Validate Automatic Bootstrap: Database Exists"
    /// One per data source: its view is in place and current.
    package static func dataSource(_ name: String) -> String { "Verify: Data Source \(name)" }
    package static let policiesEnforced = "Verify: Policies Enforced"
    /// Manual setup: the system account may read the source tables and nobody else reads them directly.
    package static let manualSourceGrants = "Validate Manual Setup: Source Table Grants"
}
