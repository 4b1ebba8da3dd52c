import StewardStore
import StewardWarehouse

/// Records a bootstrap's intents in the store before each object is created, so that after a
/// crash a half-made object is recognised as this integration's own.
struct StoreJournal: BootstrapJournal {
    let store: any StatusStoring
    let integrationId: Int64

    func willCreate(_ object: ManagedObject) async throws {
        try await store.recordIntent(integrationId: integrationId, kind: object.kind.storeKind, name: object.name)
    }

    func didCreate(_ object: ManagedObject) async throws {
        try await store.markCreated(integrationId: integrationId, kind: object.kind.storeKind, name: object.name)
    }

    func didDrop(_ object: ManagedObject) async throws {
        try await store.removeOwnedObject(integrationId: integrationId, kind: object.kind.storeKind, name: object.name)
    }
}

extension ManagedObject.Kind {
    var storeKind: OwnedObject.Kind {
        switch self {
        case .database: .database
        case .user: .user
        case .role: .role
        }
    }
}

extension OwnedObject {
    var managedObject: ManagedObject {
        let kind: ManagedObject.Kind = switch self.kind {
        case .database: .database
        case .user: .user
        case .role: .role
        }
        return ManagedObject(kind: kind, name: name)
    }
}
