/// Runs a SQL file with the real `psql`, as an operator runs a manual-setup script.
package enum Psql {
    package static let path = "/usr/bin/psql"

    /// `psql -f FILE` against `database` as the superuser. The password travels in the
    /// environment (`PGPASSWORD`), not in the arguments.
    package static func run(file: String, server: TestPostgres.Server, database: String) throws -> Subprocess.Result {
        try Subprocess.run(path, ["-X", "-q", "-h", server.host, "-p", "\(server.port)", "-U", server.superuser, "-d", database, "-f", file],
                           environment: ["PGPASSWORD": server.password.unredacted, "PATH": "/usr/bin:/bin", "PGCONNECT_TIMEOUT": "5"])
    }
}
