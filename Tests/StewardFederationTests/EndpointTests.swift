import Testing
@testable import StewardFederation

struct RedshiftEndpointTests {
    @Test func provisionedClusterHostsGiveClusterAndRegion() throws {
        #expect(try RedshiftEndpoint.parse(host: "examplecluster.abc123xyz789.us-east-1.redshift.amazonaws.com")
            == RedshiftEndpoint(clusterIdentifier: "examplecluster", region: "us-east-1"))
        #expect(try RedshiftEndpoint.parse(host: "Sales-DW.cq1x.EU-West-2.Redshift.AmazonAWS.com.")
            == RedshiftEndpoint(clusterIdentifier: "sales-dw", region: "eu-west-2"))
        #expect(try RedshiftEndpoint.parse(host: "dw.abc.cn-north-1.redshift.amazonaws.com.cn")
            == RedshiftEndpoint(clusterIdentifier: "dw", region: "cn-north-1"))
    }

    @Test func serverlessHostsAreRecognisedAndRefused() {
        #expect { try RedshiftEndpoint.parse(host: "default-wg.123456789012.us-east-1.redshift-serverless.amazonaws.com") } throws: { error in
            guard let error = error as? FederationError else { return false }
            return error.stage == .configuration && error.message.contains("Serverless") && !error.isTransient
        }
    }

    @Test func otherHostsAskForExplicitValues() {
        for host in ["127.0.0.1", "warehouse.internal.example.com", "a.b.redshift.amazonaws.com", "x.y.z.w.redshift.amazonaws.com"] {
            #expect { try RedshiftEndpoint.parse(host: host) } throws: { error in
                (error as? FederationError)?.fix.contains("clusterIdentifier and region") == true
            }
        }
    }

    @Test func explicitValuesWinAndAreChecked() throws {
        #expect(try RedshiftEndpoint.resolve(host: "127.0.0.1", clusterIdentifier: "local", region: "us-east-1")
            == RedshiftEndpoint(clusterIdentifier: "local", region: "us-east-1"))
        #expect(try RedshiftEndpoint.resolve(host: "dw.abc.us-east-1.redshift.amazonaws.com", clusterIdentifier: nil, region: "eu-west-1")
            == RedshiftEndpoint(clusterIdentifier: "dw", region: "eu-west-1"))
        #expect(throws: FederationError.self) { try RedshiftEndpoint.resolve(host: "h", clusterIdentifier: "Bad_Name", region: "us-east-1") }
        #expect(throws: FederationError.self) { try RedshiftEndpoint.resolve(host: "h", clusterIdentifier: "ok", region: "moon") }
        #expect(throws: FederationError.self) { try RedshiftEndpoint.resolve(host: "127.0.0.1", clusterIdentifier: "ok", region: nil) }
    }
}

struct EndpointURLTests {
    @Test func bareHostsMeanHTTPS() throws {
        let url = try EndpointURL.parse("Example.OKTA.com", allowBareHost: true, allowPath: false)
        #expect(url.origin == "https://example.okta.com")
        #expect(try EndpointURL.parse("https://example.okta.com:443/").origin == "https://example.okta.com")
        #expect(try EndpointURL.parse("https://example.okta.com:8443/base/").description == "https://example.okta.com:8443/base")
    }

    @Test func plainHTTPOnlyToLoopback() throws {
        for loopback in ["http://127.0.0.1:8080", "http://127.9.8.7", "http://localhost:1", "http://[::1]:9000"] {
            #expect(try EndpointURL.parse(loopback).isLoopback)
        }
        #expect(try EndpointURL.parse("http://[::1]:9000").hostHeader == "[::1]:9000")
        for remote in ["http://example.com", "http://128.0.0.1", "http://10.0.0.1:80", "http://127.0.0.1.example.com",
                       "http://[::2]", "http://localhost.example.com"] {
            #expect { try EndpointURL.parse(remote) } throws: { error in
                (error as? EndpointURLError)?.reason.contains("loopback") == true
            }
        }
    }

    @Test func junkIsRefused() {
        for text in ["", "ftp://example.com", "https://", "https://user@example.com", "https://example.com?x=1",
                     "https://exa mple.com", "https://example.com:99999", "https://[::1", "example.com"] {
            #expect(throws: EndpointURLError.self) { try EndpointURL.parse(text) }
        }
        #expect(throws: EndpointURLError.self) { try EndpointURL.parse("example.okta.com/app", allowBareHost: true, allowPath: false) }
    }
}

struct AWSEndpointsTests {
    @Test func regionalDefaults() throws {
        #expect(try AWSEndpoints.endpoint(for: .sts, region: "eu-west-1", environment: [:]).origin == "https://sts.eu-west-1.amazonaws.com")
        #expect(try AWSEndpoints.endpoint(for: .redshift, region: "us-east-1", environment: [:]).origin
            == "https://redshift.us-east-1.amazonaws.com")
        #expect(try AWSEndpoints.endpoint(for: .redshift, region: "cn-north-1", environment: [:]).origin
            == "https://redshift.cn-north-1.amazonaws.com.cn")
    }

    @Test func serviceVariableThenGeneralVariable() throws {
        let environment = ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:4566", "AWS_ENDPOINT_URL": "https://aws.proxy.example.com/base"]
        #expect(try AWSEndpoints.endpoint(for: .sts, region: "us-east-1", environment: environment).origin == "http://127.0.0.1:4566")
        #expect(try AWSEndpoints.endpoint(for: .redshift, region: "us-east-1", environment: environment).description
            == "https://aws.proxy.example.com/base")
        let emptyServiceVariable = ["AWS_ENDPOINT_URL_REDSHIFT": " ", "AWS_ENDPOINT_URL": "http://localhost:5000"]
        #expect(try AWSEndpoints.endpoint(for: .redshift, region: "us-east-1", environment: emptyServiceVariable).origin
            == "http://localhost:5000")
    }

    @Test func overridesCanBeIgnoredAsInTheSDKs() throws {
        let environment = ["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "TRUE"]
        #expect(try AWSEndpoints.endpoint(for: .sts, region: "us-east-2", environment: environment).origin
            == "https://sts.us-east-2.amazonaws.com")
    }

    @Test func plainHTTPToAnotherHostIsAConfigurationError() {
        #expect { try AWSEndpoints.endpoint(for: .sts, region: "us-east-1", environment: ["AWS_ENDPOINT_URL_STS": "http://sts.example.com"]) } throws: { error in
            guard let error = error as? FederationError else { return false }
            return error.stage == .configuration && error.message.contains("AWS_ENDPOINT_URL_STS") && error.fix.contains("https")
        }
        #expect(throws: FederationError.self) { try AWSEndpoints.endpoint(for: .sts, region: "nowhere", environment: [:]) }
    }
}
