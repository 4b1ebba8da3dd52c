import Foundation
import Logging
import StewardSpec
import StewardTestSupport
import StewardWarehouse
import Synchronization
import Testing

/// The automatic bootstrap against a real PostgreSQL.
@Suite struct BootstrapTests {
    let bootstrapper = Bootstrapper(logger: Logger(label: "test"))

    final class RecordingJournal: BootstrapJournal {
        let events = Mutex<[String]>([])
        func willCreate(_ object: ManagedObject) async throws { events.withLock { $0.append("intent \(object)") } }
        func didCreate(_ object: ManagedObject) async throws { events.withLock { $0.append("created \(object)") } }
        func didDrop(_ object: ManagedObject) async throws { events.withLock { $0.append("dropped \(object)") } }
    }

    static func input(_ spec: IntegrationSpec, name: String, password: String, isNew: Bool = true,
                      owned: Set<ManagedObject> = [], previousRoles: [String] = [],
                      uid: String = UUID().uuidString.lowercased(), privileged: Secret) -> BootstrapInput {
        BootstrapInput(integrationUID: uid, integrationName: name, spec: spec, privilegedPassword: privileged,
                       systemUser: "steward_\(name)", systemUserPassword: Secret(password), systemUserPasswordIsNew: isNew,
                       ownedObjects: owned, previousRoles: previousRoles)
    }

    @Test func bootstrapCreatesEverythingAndIsIdempotent() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("boot")
        let database = "db_\(name)"
        let role = "imp_\(name)"
        let spec = TestSpecs.automatic(server, database: database, impersonation: true, role: role)
        let password = PasswordGenerator().generate()
        let uid = UUID().uuidString.lowercased()
        let journal = RecordingJournal()

        let first = await bootstrapper.apply(Self.input(spec, name: name, password: password, uid: uid, privileged: server.password), journal: journal)
        #expect(first.succeeded, "\(first.errorMessage ?? "")")
        #expect(first.dialect == .postgresql)
        #expect(first.validationResults.status == .passed)
        let names = first.validationResults.validationTests.map(\.name)
        #expect(names.contains(ValidationTestName.basicConnection))
        #expect(names.contains(ValidationTestName.databaseDoesNotExist))
        #expect(names.contains(ValidationTestName.impersonationRoleDoesNotExist))

        // The catalog, read independently.
        #expect(try await Catalog.databaseExists(server, database))
        #expect(try await Catalog.roleExists(server, "steward_\(name)"))
        #expect(try await Catalog.roleExists(server, role))
        let acl = try await Catalog.query(server, "SELECT datacl FROM pg_database WHERE datname = $1", [database]).value("datacl")
        let items = try #require(ACLItem.parseArray(acl))
        #expect(items.publicPrivileges == ["T", "c"])
        #expect(items.privileges(of: "steward_\(name)").isSuperset(of: ["C", "T", "c"]))
        let schemas = try await Catalog.query(server, """
            SELECT nspname, pg_get_userbyid(nspowner) AS owner, has_schema_privilege('public', nspname, 'USAGE') AS public_usage
            FROM pg_namespace WHERE nspname LIKE 'immuta_%' ORDER BY nspname
            """, database: database)
        #expect(schemas.rows.map { $0[0] } == ["immuta_functions", "immuta_procedures", "immuta_system"])
        #expect(schemas.rows.allSatisfy { $0[1] == "steward_\(name)" && $0[2] == "t" })
        let marker = try await Catalog.query(server, "SELECT integration_uid FROM immuta_system.steward_marker", database: database)
        #expect(marker.rows.map { $0[0] } == [uid])
        let admin = try await Catalog.query(server, """
            SELECT m.admin_option FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
            WHERE g.rolname = $1 AND u.rolname = $2
            """, [role, "steward_\(name)"])
        #expect(admin.value("admin_option") == "t")

        // The system account logs in with its generated password.
        let login = try await PGConnection.connect(server.parameters(database: database).with(user: "steward_\(name)", password: Secret(password)))
        #expect(try await login.query("SELECT current_user AS u").value("u") == "steward_\(name)")
        login.close()
        #expect(journal.events.withLock { $0 }.contains("intent database \(database)"))

        // Second run: no DDL at all.
        let second = await bootstrapper.apply(Self.input(spec, name: name, password: password, isNew: false, uid: uid, privileged: server.password), journal: journal)
        guard case .converged(let steps) = second.result else {
            Issue.record("second run did not converge: \(second.errorMessage ?? "")")
            return
        }
        #expect(steps.isEmpty, "second run executed \(steps.map(\.description))")

        // Dry run after converging also plans nothing.
        let dry = await bootstrapper.apply(Self.input(spec, name: name, password: password, isNew: false, uid: uid, privileged: server.password), journal: NoJournal(), dryRun: true)
        guard case .planned(let plan) = dry.result else {
            Issue.record("dry run did not plan")
            return
        }
        #expect(plan.isEmpty)
        try await cleanup(server, database: database, users: ["steward_\(name)", role])
    }

    @Test func wrongPasswordFailsTheBasicConnectionTestWithoutLeakingIt() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("wrongpw")
        let canary = "CANARY-\(UUID().uuidString)"
        let spec = TestSpecs.automatic(server, database: "db_\(name)", password: .inline(Secret(canary)))
        let outcome = await bootstrapper.apply(Self.input(spec, name: name, password: "Abcdefgh12345678", privileged: Secret(canary)), journal: NoJournal())
        guard case .failed(let error) = outcome.result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .authenticationFailed)
        #expect(!error.isTransient)
        let test = try #require(outcome.validationResults.validationTests.first)
        #expect(test.name == ValidationTestName.basicConnection)
        #expect(test.status == .failed)
        #expect(test.message?.contains("password") == true)
        #expect(test.message?.contains("config.username") == true)
        #expect(!"\(outcome.validationResults) \(error) \(String(reflecting: error))".contains(canary))
        #expect(try await !Catalog.databaseExists(server, "db_\(name)"))
    }

    @Test func unreachableHostFailsWithinTheConnectTimeout() async throws {
        let server = try await TestPostgres.shared.start()
        var spec = TestSpecs.automatic(server, database: "db_unreachable")
        // A loopback port with nothing listening: refused at once, classified transient.
        spec.config.port = try TestPostgres.freePortForTests()
        let outcome = await bootstrapper.apply(Self.input(spec, name: "unreachable", password: "Abcdefgh12345678", privileged: server.password), journal: NoJournal())
        guard case .failed(let error) = outcome.result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .connectionFailed)
        #expect(error.isTransient)
        #expect(outcome.validationResults.validationTests.first?.status == .failed)
    }

    /// A server that accepts the TCP connection and never answers: the connect timeout ends it.
    @Test func silentServerFailsWithinTheConnectTimeout() async throws {
        let server = try await TestPostgres.shared.start()
        let listener = try SilentListener()
        defer { listener.close() }
        var spec = TestSpecs.automatic(server, database: "db_silent")
        spec.config.port = listener.port
        spec.config.connectTimeout = 2
        let outcome = await bootstrapper.apply(Self.input(spec, name: "silent", password: "Abcdefgh12345678", privileged: server.password), journal: NoJournal())
        guard case .failed(let error) = outcome.result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .timeout)
        #expect(error.isTransient)
        #expect(error.fix?.contains("reachable") == true)
    }

    @Test func existingUnmarkedDatabaseIsRefusedAndLeftUntouched() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("taken")
        let database = "db_\(name)"
        try await Catalog.execute(server, "CREATE DATABASE \(database)")
        try await Catalog.execute(server, "CREATE TABLE precious (id int)", database: database)
        let spec = TestSpecs.automatic(server, database: database)
        let outcome = await bootstrapper.apply(Self.input(spec, name: name, password: "Abcdefgh12345678", privileged: server.password), journal: NoJournal())
        guard case .validationFailed(let message) = outcome.result else {
            Issue.record("expected a validation failure, got \(outcome.result)")
            return
        }
        #expect(message.contains(ValidationTestName.databaseDoesNotExist))
        #expect(message.contains("ownership marker"))
        let failed = outcome.validationResults.failedTests.map(\.name)
        #expect(failed == [ValidationTestName.databaseDoesNotExist])
        #expect(try await !Catalog.roleExists(server, "steward_\(name)"), "nothing may be created when validation fails")
        let tables = try await Catalog.query(server, "SELECT relname FROM pg_class WHERE relname = 'precious'", database: database)
        #expect(tables.rows.count == 1)
        let schemas = try await Catalog.query(server, "SELECT 1 FROM pg_namespace WHERE nspname = 'immuta_system'", database: database)
        #expect(schemas.isEmpty)
        try await cleanup(server, database: database, users: [])
    }

    @Test func aDatabaseFromAnInterruptedRunIsAdoptedThroughTheRecordedIntent() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("resume")
        let database = "db_\(name)"
        // A crash right after CREATE DATABASE: no marker yet, but the intent was recorded.
        try await Catalog.execute(server, "CREATE DATABASE \(database)")
        let spec = TestSpecs.automatic(server, database: database)
        let outcome = await bootstrapper.apply(Self.input(spec, name: name, password: "Abcdefgh12345678",
                                                          owned: [ManagedObject(kind: .database, name: database)], privileged: server.password),
                                               journal: NoJournal())
        #expect(outcome.succeeded, "\(outcome.errorMessage ?? "")")
        try await cleanup(server, database: database, users: ["steward_\(name)"])
    }

    @Test func accountWithoutPrivilegesFailsTheGrantsTest() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("weak")
        let weakPassword = "Weak\(UUID().uuidString)"
        try await Catalog.execute(server, "CREATE ROLE \(name) LOGIN PASSWORD '\(weakPassword)'")
        let spec = TestSpecs.automatic(server, database: "db_\(name)", password: .inline(Secret(weakPassword)), username: name)
        let outcome = await bootstrapper.apply(Self.input(spec, name: name, password: "Abcdefgh12345678", privileged: Secret(weakPassword)), journal: NoJournal())
        guard case .validationFailed(let message) = outcome.result else {
            Issue.record("expected a validation failure, got \(outcome.result)")
            return
        }
        #expect(message.contains(ValidationTestName.userGrants))
        #expect(message.contains("CREATEDB") || message.contains("CREATE DATABASE"))
        try await cleanup(server, database: nil, users: [name])
    }

    @Test func impersonationTurnedOffDropsTheRoleItCreated() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("imp")
        let database = "db_\(name)"
        let role = "imp_\(name)"
        let uid = UUID().uuidString.lowercased()
        let password = "Abcdefgh12345678"
        let on = TestSpecs.automatic(server, database: database, impersonation: true, role: role)
        #expect(await bootstrapper.apply(Self.input(on, name: name, password: password, uid: uid, privileged: server.password), journal: NoJournal()).succeeded)
        #expect(try await Catalog.roleExists(server, role))
        let off = TestSpecs.automatic(server, database: database, impersonation: false)
        let outcome = await bootstrapper.apply(Self.input(off, name: name, password: password, isNew: false, previousRoles: [role], uid: uid, privileged: server.password), journal: NoJournal())
        #expect(outcome.succeeded, "\(outcome.errorMessage ?? "")")
        #expect(try await !Catalog.roleExists(server, role))
        try await cleanup(server, database: database, users: ["steward_\(name)"])
    }

    @Test func impersonationRenamedMovesTheRole() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("imprename")
        let database = "db_\(name)"
        let (old, new) = ("old_\(name)", "new_\(name)")
        let uid = UUID().uuidString.lowercased()
        let password = "Abcdefgh12345678"
        let before = TestSpecs.automatic(server, database: database, impersonation: true, role: old)
        #expect(await bootstrapper.apply(Self.input(before, name: name, password: password, uid: uid, privileged: server.password), journal: NoJournal()).succeeded)
        let after = TestSpecs.automatic(server, database: database, impersonation: true, role: new)
        let outcome = await bootstrapper.apply(Self.input(after, name: name, password: password, isNew: false, previousRoles: [old], uid: uid,
                                                          privileged: server.password), journal: NoJournal())
        #expect(outcome.succeeded, "\(outcome.errorMessage ?? "")")
        #expect(try await !Catalog.roleExists(server, old))
        let admin = try await Catalog.query(server, """
            SELECT m.admin_option FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
            WHERE r.rolname = $1 AND u.rolname = $2
            """, [new, "steward_\(name)"])
        #expect(admin.value("admin_option") == "t", "the system account may add users to the renamed role")
        let marker = try await Catalog.query(server, "SELECT impersonation_role FROM immuta_system.steward_marker", database: database)
        #expect(marker.value("impersonation_role") == new)
        try await cleanup(server, database: database, users: ["steward_\(name)", new])
    }

    @Test func aRoleThatIsNotOursIsRefused() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("foreignrole")
        let role = "imp_\(name)"
        try await Catalog.execute(server, "CREATE ROLE \(role) NOLOGIN")
        let spec = TestSpecs.automatic(server, database: "db_\(name)", impersonation: true, role: role)
        let outcome = await bootstrapper.apply(Self.input(spec, name: name, password: "Abcdefgh12345678", privileged: server.password), journal: NoJournal())
        #expect(outcome.validationResults.failedTests.map(\.name) == [ValidationTestName.impersonationRoleDoesNotExist])
        #expect(try await !Catalog.databaseExists(server, "db_\(name)"))
        try await cleanup(server, database: nil, users: [role])
    }

    func cleanup(_ server: TestPostgres.Server, database: String?, users: [String]) async throws {
        if let database { try await Catalog.execute(server, "DROP DATABASE IF EXISTS \(try SQLIdentifier(database).quoted) WITH (FORCE)") }
        for user in users { try await Catalog.execute(server, "DROP ROLE IF EXISTS \(try SQLIdentifier(user).quoted)") }
    }
}
