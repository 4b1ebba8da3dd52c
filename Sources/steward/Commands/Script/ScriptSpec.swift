import ArgumentParser
import Foundation
import StewardSpec
import StewardWarehouse

/// A manual-setup spec file read for a script: its integration name, the parsed spec, and the
/// desired state the scripts build.
struct ScriptSpec {
    let name: String
    let spec: IntegrationSpec
    let manual: ManualSetup

    /// Reads and checks `file`; errors name the file, the field and the fix, and exit with 2.
    init(file: String, dialect: DialectKind) throws {
        let base = (file as NSString).lastPathComponent
        guard case .spec(let name) = SpecFileName.classify(base) else {
            printError("\(file): not a spec file name; use NAME.yaml, NAME.yml or NAME.json with a lower-case NAME")
            throw ExitCode(2)
        }
        let spec: IntegrationSpec
        do {
            spec = try SpecParser.parse(fileAt: file)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        guard !spec.autoBootstrap else {
            printError("""
                \(file): autoBootstrap: true: scripts are for manual setup.
                  fix: set autoBootstrap: false to run the scripts yourself, or leave it true and let steward run the setup
                """)
            throw ExitCode(2)
        }
        self.name = name
        self.spec = spec
        self.manual = ManualSetup(integrationName: name, spec: spec, dialect: dialect)
    }

    /// The desired state, with the system account's password (userPassword) resolved.
    func desiredState(file: String, previousRole: String? = nil) throws -> DesiredState {
        var password: Secret?
        if spec.config.authenticationType == .userPassword, let source = spec.config.password {
            do {
                password = try SecretResolver().resolve(source)
            } catch {
                printError("\(file): config.password: \(error)")
                throw ExitCode(2)
            }
        }
        do {
            return try manual.desiredState(password: password, previousRole: previousRole)
        } catch {
            printError("\(file): \(error)")
            throw ExitCode(2)
        }
    }

    func builder(_ dialect: DialectKind) -> SetupScriptBuilder {
        let config = spec.config
        return SetupScriptBuilder(dialect: dialect, server: "\(config.host):\(config.port)",
                                  initialDatabase: config.initialDatabase ?? "dev")
    }
}

/// Prints a script, or the reason it cannot be written.
func printScript(_ make: () throws -> SetupScript) throws {
    do {
        print(try make().render(), terminator: "")
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("cannot write the script: \(error)")
        throw ExitCode(1)
    }
}
