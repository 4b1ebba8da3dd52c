/// Decides whether an existing object belongs to one integration: its ownership marker in the
/// managed database names it, or the store recorded the intent to create it (a crash can fall
/// between creating an object and writing the marker).
struct Ownership {
    let uid: String
    let marker: OwnershipMarker?
    let owned: Set<ManagedObject>

    init(input: BootstrapInput, managed: ManagedDatabaseObservation?) {
        uid = input.integrationUID
        marker = managed?.marker(uid: input.integrationUID)
        owned = input.ownedObjects
    }

    func ownsDatabase(_ name: String) -> Bool {
        marker != nil || owned.contains(ManagedObject(kind: .database, name: name))
    }

    func ownsUser(_ name: String) -> Bool {
        marker?.systemUser == name || owned.contains(ManagedObject(kind: .user, name: name))
    }

    func ownsRole(_ name: String) -> Bool {
        marker?.impersonationRole == name || owned.contains(ManagedObject(kind: .role, name: name))
    }
}
