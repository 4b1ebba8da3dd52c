import StewardSpec

/// A change another door (the HTTP API) asked for cannot be admitted now: the integration is
/// changing already, or gone.
package struct AdmissionRefused: Error, Sendable {
    /// The status that stood in the way.
    package var status: IntegrationStatus
}
