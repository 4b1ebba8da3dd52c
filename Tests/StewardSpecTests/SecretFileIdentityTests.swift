import Foundation
import Testing
import StewardSpec
#if canImport(Glibc)
import Glibc
#endif

/// Secret files are opened without following a link in the last component and never when they
/// are one of the state directory's files, by whatever name.
@Suite struct SecretFileIdentityTests {
    func failure(_ resolver: SecretResolver, _ path: String) -> SecretResolutionError? {
        do {
            _ = try resolver.resolve(.file(path: path))
            Issue.record("expected \(path) to be refused")
            return nil
        } catch {
            return error
        }
    }

    @Test func aSymbolicLinkIsNotFollowed() throws {
        let directory = try TemporaryDirectory()
        let target = try directory.write("secret", "hunter2\n")
        let link = directory.path + "/link"
        #expect(symlink(target, link) == 0)
        let error = try #require(failure(SecretResolver(environment: [:]), link))
        #expect(error.message.contains("is a symbolic link"), "\(error)")
        #expect(error.fix?.contains("readlink -f") == true)
        #expect(!error.description.contains("hunter2"))
    }

    @Test func theStateDirectoryIsRefusedByAnyName() throws {
        let directory = try TemporaryDirectory()
        let state = directory.path + "/state"
        try FileManager.default.createDirectory(atPath: state + "/secrets", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: state + "/api-secrets", withIntermediateDirectories: true)
        let store = try directory.write("state/steward.sqlite", "SQLite format 3")
        let other = try directory.write("state/secrets/uid-1", "generated\n")
        let own = try directory.write("state/api-secrets/analytics@1234abcd", "from-a-request\n")
        let hardLink = directory.path + "/innocent-looking"
        #expect(link(store, hardLink) == 0)
        var resolver = SecretResolver(environment: [:])
        resolver.protectedState = state
        resolver.requestSecretsFolder = state + "/api-secrets"

        for path in [store, other, hardLink] {
            let error = try #require(failure(resolver, path))
            #expect(error.message.contains("in the state directory \(state)"), "\(error)")
            #expect(error.fix == "keep the password in a file of its own outside the state directory")
            #expect(!error.description.contains("SQLite format") && !error.description.contains("generated"))
        }
        #expect(try #require(failure(resolver, hardLink)).message.contains("steward.sqlite"), "names the file it is")
        #expect(try resolver.resolve(.file(path: own)).unredacted == "from-a-request", "a request secret through its own path")
        let ownLink = directory.path + "/own-link"
        #expect(link(own, ownLink) == 0)
        #expect(failure(resolver, ownLink) != nil, "a request secret by another name is refused")
        #expect(try SecretResolver(environment: [:]).resolve(.file(path: hardLink)).unredacted == "SQLite format 3",
                "without a state directory the file is only a file")
    }

    @Test func inlineOnlyRefusesReferencesWithoutLooking() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("secret", "hunter2\n")
        let error = try #require(failure(.inlineOnly, path))
        #expect(error.message.contains("not resolved for requests over the HTTP API"))
        #expect(try SecretResolver.inlineOnly.resolve(.inline(Secret("x"))).unredacted == "x")
    }
}
