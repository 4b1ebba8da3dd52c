import StewardSpec
import StewardWarehouse
import Testing

/// Every manual-setup script the Redshift dialect writes, pinned by golden files (Redshift cannot
/// run here), for both authentication types and for impersonation on, off and renamed. The
/// PostgreSQL dialect's scripts are run for real by the CLI tests.
@Suite struct ScriptGoldenTests {
    static func spec(okta: Bool = false, impersonation: Bool = true, role: String = "immuta_impersonation") -> IntegrationSpec {
        let config = RedshiftConfig(
            host: "examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com", database: "immuta",
            initialDatabase: "REDSHIFT_SAMPLE_DATA", impersonation: Impersonation(enabled: impersonation, role: role),
            authenticationType: okta ? .okta : .userPassword,
            username: okta ? nil : "taylor@redshift.com", password: okta ? nil : .inline(Secret("abc1234")),
            okta: okta ? OktaConfig(username: "taylor@redshift.com", password: .inline(Secret("abc1234")), appId: "Okta",
                                    idpHost: "organization.okta.com", role: "admin") : nil)
        return IntegrationSpec(autoBootstrap: false, config: config)
    }

    static let builder = SetupScriptBuilder(
        dialect: .redshift, server: "examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com:5439", initialDatabase: "REDSHIFT_SAMPLE_DATA")

    static func desired(_ spec: IntegrationSpec, previousRole: String? = nil) throws -> DesiredState {
        let password = spec.config.authenticationType == .userPassword ? Secret("abc1234") : nil
        return try ManualSetup(integrationName: "analytics", spec: spec, dialect: .redshift).desiredState(password: password, previousRole: previousRole)
    }

    /// Every golden script, by golden file name.
    static func scripts() throws -> [(String, SetupScript)] {
        var scripts: [(String, SetupScript)] = []
        for okta in [false, true] {
            let desired = try Self.desired(Self.spec(okta: okta))
            let suffix = okta ? "okta" : "userpassword"
            scripts.append(("script.initial-create.\(suffix).redshift.sql", try Self.builder.initialCreate(desired)))
            scripts.append(("script.create.\(suffix).redshift.sql", try Self.builder.create(desired)))
        }
        let on = try Self.desired(Self.spec())
        let renamed = try Self.desired(Self.spec(role: "analysts_impersonation"), previousRole: "immuta_impersonation")
        let off = try Self.desired(Self.spec(impersonation: false), previousRole: "immuta_impersonation")
        scripts.append(("script.edit.rename.redshift.sql", try Self.builder.edit(from: on, to: renamed)))
        scripts.append(("script.edit.off.redshift.sql", try Self.builder.edit(from: on, to: off)))
        scripts.append(("script.edit.on.redshift.sql", try Self.builder.edit(from: off, to: on)))
        scripts.append(("script.delete.redshift.sql", Self.builder.delete(integrationName: "analytics", database: on.database, systemUser: on.systemUser,
                                                                          roles: [on.impersonationRole].compactMap { $0 })))
        scripts.append(("script.cleanup.redshift.sql", Self.builder.cleanup(on)))
        return scripts
    }

    @Test func everyScriptIsPinned() throws {
        for (name, script) in try Self.scripts() { try GoldenFile.check(try script.render(), against: name) }
    }

    @Test func editRenamesTheImpersonationRole() throws {
        let old = try Self.desired(Self.spec())
        let new = try Self.desired(Self.spec(role: "analysts_impersonation"), previousRole: "immuta_impersonation")
        let script = try Self.builder.edit(from: old, to: new)
        let texts = script.steps.map(\.statement.text)
        #expect(texts.contains("CREATE ROLE \"analysts_impersonation\""))
        #expect(texts.contains("DROP ROLE \"immuta_impersonation\" FORCE"))
        #expect(!texts.contains { $0.hasPrefix("CREATE DATABASE") || $0.hasPrefix("CREATE SCHEMA") }, "an edit re-creates nothing that exists")
    }

    @Test func editWithNoChangeOnlySetsThePasswordAgain() throws {
        let desired = try Self.desired(Self.spec())
        let script = try Self.builder.edit(from: desired, to: desired)
        #expect(script.steps.count == 1)
        #expect(script.steps.first?.statement.text.hasPrefix("ALTER USER \"taylor@redshift.com\" PASSWORD 'md5") == true)
        let okta = try Self.desired(Self.spec(okta: true))
        #expect(try Self.builder.edit(from: okta, to: okta).isEmpty, "a federated account has no password to set")
    }

    /// The Redshift syntax rules from the notes, over every script.
    @Test func redshiftScriptsFollowTheSyntaxNotes() throws {
        let user = try Self.desired(Self.spec())
        let okta = try Self.desired(Self.spec(okta: true))
        let renamed = try Self.desired(Self.spec(role: "other"), previousRole: "immuta_impersonation")
        let scripts = [
            try Self.builder.initialCreate(user), try Self.builder.create(user), try Self.builder.initialCreate(okta),
            try Self.builder.edit(from: user, to: renamed), Self.builder.cleanup(user),
            Self.builder.delete(integrationName: "analytics", database: user.database, systemUser: user.systemUser, roles: []),
        ]
        for text in try scripts.map({ try $0.render() }) {
            #expect(text.ranges(of: /\bCONNECT\b/).isEmpty, "Redshift has no CONNECT privilege")
            #expect(!text.contains("DROP DATABASE IF EXISTS"), "Redshift has no DROP DATABASE IF EXISTS")
            #expect(!text.contains("NOLOGIN") && !text.contains("CREATE ROLE \"taylor"), "Redshift users are CREATE USER")
            #expect(!text.contains("abc1234"), "the password itself never appears, only its md5 verifier")
            #expect(!text.contains("\\gexec") && !text.contains("DO $"), "psql and PL/pgSQL forms are PostgreSQL-only")
            #expect(!text.contains("has_database_privilege") && !text.contains("version()"), "no leader-node functions in scripts")
            for line in text.split(separator: "\n") where line.hasPrefix("GRANT \"") {
                Issue.record("role grants on Redshift use GRANT ROLE: \(line)")
            }
        }
    }
}
