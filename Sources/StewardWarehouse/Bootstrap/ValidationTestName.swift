/// Names of the validation tests, in the product API's wording where it has one.
public enum ValidationTestName {
    public static let basicConnection = "Initial Validation: Basic Connection Test"
    public static let databaseDoesNotExist = "Validate Automatic Bootstrap: Immuta Database Does Not Exist"
    public static let userGrants = "Validate Automatic Bootstrap User Grants"
    public static let systemAccountDoesNotExist = "Validate Automatic Bootstrap: System Account Does Not Exist"
    public static let impersonationRoleDoesNotExist = "Validate Automatic: Impersonation Role Does Not Exist"
    public static let systemAccountLogin = "Verify: System Account Login"
    public static let managedObjectsPresent = "Verify: Managed Objects Present"
    public static let routineCheck = "Recurring Validation: Managed Objects Present"
}

extension ValidationTestName {
    /// Manual setup: the system account is the one the scripts created.
    public static let manualSystemAccount = "Validate Manual Setup: System Account"
    /// Manual setup: what `initial-create` (or `edit`) makes outside the managed database.
    public static let manualServerObjects = "Validate Manual Setup: Server Objects"
    /// Manual setup: what `create` (or `edit`) makes inside the managed database.
    public static let manualDatabaseObjects = "Validate Manual Setup: Managed Database Objects"
}

extension ValidationTestName {
    /// Data sources, users and policies are in force (views, profile, impersonation).
    /// Single-database mode: the database holding the tables exists.
    public static let databaseExists = "Validate Automatic Bootstrap: Database Exists"
    /// One per data source: its view is in place and current.
    public static func dataSource(_ name: String) -> String { "Verify: Data Source \(name)" }
    public static let policiesEnforced = "Verify: Policies Enforced"
    /// Manual setup: the system account may read the source tables and nobody else reads them directly.
    public static let manualSourceGrants = "Validate Manual Setup: Source Table Grants"
}
