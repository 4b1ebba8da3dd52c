/// The API's OpenAPI 3.0 document, `Resources/openapi.json`, embedded in the binary at build
/// time (one copy: the file in the repository is what `/openapi.json` serves).
package enum OpenAPIDocument {
    package static var bytes: [UInt8] { PackageResources.openapi_json }
}
