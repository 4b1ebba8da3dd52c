import Foundation
import Logging
import StewardSpec
import StewardStore

extension ReconcileDaemon {
    /// The rescan that follows a takeover (see `rescan(reason:)`).
    static let takeoverReason = "takeover"

    /// Acts on each change of role: a new leader rescans everything (adopting, through the
    /// owned-object intents, whatever the previous leader left half-made); every change is logged
    /// and shown in the status line.
    func followLeadership(_ leadership: Leadership) async {
        for await change in leadership.changes {
            switch change {
            case .becameLeader(let term, let previous):
                metrics.leadership(leading: true, term: term)
                logger.notice("this daemon leads (term \(term))", metadata: [
                    "steward.event": "leader-acquired", "steward.member": "\(leadership.member)", "steward.term": "\(term)",
                    "steward.previous_leader": "\(previous.map(Leadership.member(ofHolder:)) ?? "none")",
                ])
                await rescan(reason: Self.takeoverReason)
            case .steppedDown(let term, let reason):
                metrics.leadership(leading: false, term: term)
                logger.warning("this daemon no longer leads (term \(term) \(reason == .expired ? "ran out before it could be renewed" : "was taken or refused")); following", metadata: [
                    "steward.event": "leader-lost", "steward.member": "\(leadership.member)", "steward.term": "\(term)",
                ])
            case .leaderChanged(let leader, let term):
                metrics.leadership(leading: false, term: term)
                logger.info("following \(leader.map(Leadership.member(ofHolder:)) ?? "nobody yet") (term \(term))", metadata: [
                    "steward.event": "leader-changed", "steward.member": "\(leadership.member)", "steward.term": "\(term)",
                    "steward.leader": "\(leader.map(Leadership.member(ofHolder:)) ?? "none")",
                ])
            }
            await publishStatus()
        }
    }

    /// Tells the other hosts what this host's copy of the spec folder holds (a name defined by
    /// several files, or unreadable, is left out: it is not a spec this host would apply).
    func reportFolder(_ listing: SpecFolder.Listing) async {
        guard let folders, let leadership else { return }
        var digests: [String: String] = [:]
        for (name, files) in listing.files where files.count == 1 {
            digests[name] = SpecFileDigest.of(fileAt: settings.specDirectory + "/" + files[0])
        }
        do {
            try await folders.report(member: leadership.member, digests: digests)
        } catch {
            logger.warning("cannot record this host's spec folder in the shared status database; the next rescan tries again", metadata: [
                "steward.event": "store-error", "steward.member": "\(leadership.member)", "error": "\(error)",
            ])
        }
    }

    /// Marks the folder as changed since the last report (file events, cheap).
    func folderChanged() {
        if folders != nil { folderDirty.store(true, ordering: .relaxed) }
    }

    /// Reports the folder again when a file changed since the last report, at most once per
    /// `interval`: a burst of changes costs one listing, not one per file.
    func folderReportLoop(every interval: Duration) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            guard folderDirty.exchange(false, ordering: .relaxed), let listing = try? folder.list() else { continue }
            await reportFolder(listing)
        }
    }

    /// "leader (term N)", "follower of HOST (term N)", or nil for a daemon that is alone.
    var roleLine: String? {
        guard let leadership else { return nil }
        switch leadership.role {
        case .leader(let term):
            return "leader (term \(term))"
        case .follower(let leader?, let term?):
            return "follower of \(Leadership.member(ofHolder: leader)) (term \(term))"
        case .follower:
            return "follower (no leader yet)"
        }
    }
}
