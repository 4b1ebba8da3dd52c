import Foundation

/// moto in server mode (`Tests/Fixtures/moto_server.py`) on 127.0.0.1: the STS and Redshift
/// APIs for federated-login tests. One server per test process, started on first use and
/// stopped at exit; tests keep apart by using their own cluster identifiers.
///
///     let moto = try await MotoServer.start()
///     try moto.createCluster(identifier: "dw-\(UUID())", region: "us-east-1")
///     // environment for the login: moto.environment (AWS_ENDPOINT_URL = moto.endpointURL)
///
/// moto checks no signatures. Clusters belong to moto's default account 123456789012, so the
/// roles in a test assertion must be of that account (`FakeOktaServer.roleARN`).
package final class MotoServer: Sendable {
    package let process: FixtureProcess
    private let directory: TemporaryDirectory

    /// `http://127.0.0.1:PORT`.
    package var endpointURL: String { "http://127.0.0.1:\(process.port)" }
    package var port: Int { process.port }
    /// `AWS_ENDPOINT_URL` pointing every AWS call at this server.
    package var environment: [String: String] { ["AWS_ENDPOINT_URL": endpointURL] }

    private init(process: FixtureProcess, directory: TemporaryDirectory) {
        self.process = process
        self.directory = directory
    }

    /// The process's shared server.
    package static func start() async throws -> MotoServer {
        try await Launcher.shared.server()
    }

    /// Creates a single-node Redshift cluster (as CreateCluster, with dummy credentials).
    package func createCluster(identifier: String, region: String = "us-east-1") throws {
        let fields = ["Action": "CreateCluster", "Version": "2012-12-01", "ClusterIdentifier": identifier,
                      "NodeType": "ra3.xlplus", "ClusterType": "single-node", "MasterUsername": "admin",
                      "MasterUserPassword": "Passw0rd1"]
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.value)" }
            .joined(separator: "&")
        // moto routes by the credential scope; it does not check the signature.
        let authorization = "AWS4-HMAC-SHA256 Credential=AKIDSTEWARDTEST/20260101/\(region)/redshift/aws4_request, "
            + "SignedHeaders=host, Signature=0"
        let response = try LoopbackHTTP.request(port: port, method: "POST", path: "/",
                                                headers: ["Content-Type": "application/x-www-form-urlencoded",
                                                          "Authorization": authorization],
                                                body: body)
        guard response.status == 200 else {
            throw TestSupportError("CreateCluster \(identifier) failed: HTTP \(response.status) \(response.body.prefix(500))")
        }
    }

    private actor Launcher {
        static let shared = Launcher()
        private var starting: Task<MotoServer, any Error>?

        func server() async throws -> MotoServer {
            if let starting { return try await starting.value }
            let task = Task {
                let directory = try TemporaryDirectory("steward-moto")
                return MotoServer(process: try await FixtureProcess.start(script: "moto_server.py", in: directory),
                                  directory: directory)
            }
            starting = task
            do {
                return try await task.value
            } catch {
                starting = nil
                throw error
            }
        }
    }
}
