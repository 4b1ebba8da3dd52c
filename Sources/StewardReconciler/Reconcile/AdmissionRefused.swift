import StewardSpec

/// A change another door (the HTTP API) asked for cannot be admitted now: the integration is
/// changing already, or gone.
public struct AdmissionRefused: Error, Sendable {
    /// The status that stood in the way.
    public var status: IntegrationStatus
}
