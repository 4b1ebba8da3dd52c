import CoreMetrics
import Foundation
import Logging
import ServiceLifecycle
import StewardSpec
import StewardStore
import StewardWarehouse
import Synchronization

/// The reconciliation daemon: watches the spec folder, keeps a work queue of integration names,
/// and runs `settings.workers` workers that reconcile one name at a time each.
///
/// - A full rescan runs at startup, on `reload()` (SIGHUP) and every resync interval (±10 %):
///   it enqueues every name in the folder and every active record (to notice removed files and
///   check enabled integrations for drift).
/// - File events enqueue the name with a short debounce and reset its backoff.
/// - On graceful shutdown the queue stops handing out names, in-flight reconciles finish (each is
///   bounded by the connect and statement timeouts), and `run()` returns.
package final class ReconcileDaemon: Service, Sendable {
    package let settings: DaemonSettings
    package let reconciler: IntegrationReconciler
    package let events: any DaemonEvents
    let logger: Logger
    let folder: SpecFolder
    let queue: WorkQueue<ContinuousClock>
    let inFlight = Mutex<[String: ContinuousClock.Instant]>([:])
    let removalGrace: Mutex<RemovalGrace<ContinuousClock.Instant>>
    let reloads: AsyncStream<Void>
    let reloadContinuation: AsyncStream<Void>.Continuation
    /// The watchdog ping interval (half of WATCHDOG_USEC), when the service manager wants pings.
    let heartbeatInterval: Duration?
    package let metrics: DaemonMetrics
    /// Leadership among the daemons sharing the status database; nil for a store of this host
    /// alone, which always leads.
    package let leadership: Leadership?
    /// The shared database's lease table (with ``leadership``).
    let leases: LeaseTable?
    /// Where this host reports its copy of the spec folder (with ``leadership``).
    let folders: MemberFolders?
    /// A file of the folder changed since this host last reported its folder (``folders``).
    let folderDirty = Atomic<Bool>(false)
    let announcedReady = Atomic<Bool>(false)
    let stopping = Atomic<Bool>(false)

    /// `metricsFactory` receives the daemon's metrics (`DaemonMetrics`); by default they go nowhere.
    package init(settings: DaemonSettings, reconciler: IntegrationReconciler, events: any DaemonEvents = SilentDaemonEvents(),
                heartbeatInterval: Duration? = nil, metricsFactory: any MetricsFactory = NOOPMetricsHandler.instance,
                leadership: Leadership? = nil, leases: LeaseTable? = nil, folders: MemberFolders? = nil, logger: Logger) {
        self.settings = settings
        self.leadership = leadership
        self.leases = leases
        self.folders = folders
        self.metrics = DaemonMetrics(factory: metricsFactory, resyncInterval: settings.resyncInterval)
        // A daemon with a store of its own always leads.
        if leadership == nil { metrics.leadership(leading: true, term: 0) }
        self.reconciler = reconciler
        self.events = events
        self.heartbeatInterval = heartbeatInterval
        self.logger = logger
        self.folder = SpecFolder(directory: settings.specDirectory)
        self.removalGrace = Mutex(RemovalGrace(period: settings.removalGrace))
        self.queue = WorkQueue(clock: ContinuousClock(), backoff: settings.backoff, debounce: settings.debounce)
        (reloads, reloadContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    var store: any StatusStoring { reconciler.store }

    /// Asks for a reload: rescan everything, then report ready again.
    package func reload() {
        reloadContinuation.yield()
    }

    /// Reconciles `name` soon, as a change of its file would (resets its backoff). For changes
    /// the folder does not show, such as a deletion credential given after a `deleteError`.
    package func requestReconcile(_ name: String) async {
        _ = await queue.fileChanged(name)
    }

    /// Names waiting in the queue (not counting those being reconciled).
    package func queueDepth() async -> Int {
        await queue.pendingCount
    }

    /// Names being reconciled now.
    package var inFlightCount: Int { inFlight.withLock { $0.count } }

    package func run() async throws {
        await withGracefulShutdownHandler {
            await self.runLoops()
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .sequentiallyConsistent)
            self.metrics.ready(false)
            self.events.stopping()
            self.logger.notice("stopping: finishing in-flight reconciles", metadata: ["steward.event": "stopping"])
            Task { await self.queue.shutdown() }
            self.leadership?.close()
        }
        if let leadership, let leases { await leadership.release(leases: leases) }
        reloadContinuation.finish()
        logger.notice("stopped", metadata: ["steward.event": "stopped"])
    }

    func runLoops() async {
        await withDiscardingTaskGroup { background in
            // The watch is established before the first listing, so no change falls between them.
            let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
            background.addTask { await self.watch(afterWatching: { startedContinuation.yield(); startedContinuation.finish() }) }
            for await _ in started {}
            await announceReady()
            logger.notice("ready", metadata: ["steward.event": "ready", "steward.spec_dir": "\(settings.specDirectory)",
                                              "steward.workers": "\(settings.workers)"])
            if let leadership = self.leadership, let leases = self.leases {
                background.addTask { await leadership.run(leases: leases) }
                background.addTask { await self.followLeadership(leadership) }
                background.addTask { await self.folderReportLoop(every: leadership.reportInterval) }
            }
            background.addTask { await self.resyncLoop() }
            background.addTask { await self.reloadLoop() }
            if let interval = self.heartbeatInterval {
                background.addTask { await self.heartbeatLoop(every: interval) }
            }
            await withDiscardingTaskGroup { workers in
                for index in 0..<self.settings.workers {
                    workers.addTask { await self.work(worker: index) }
                }
            }
            background.cancelAll()
        }
    }

    // MARK: - Scanning

    /// Enqueues every name the folder defines and every active record.
    func rescan(reason: String) async {
        let listing: SpecFolder.Listing
        do {
            listing = try folder.list()
        } catch {
            removalGrace.withLock { $0.folderUnavailable() }
            logger.error("cannot read the spec folder; retrying", metadata: [
                "steward.event": "folder-unavailable", "steward.spec_dir": "\(settings.specDirectory)", "error": "\(error)",
            ])
            events.status("spec folder \(settings.specDirectory) unavailable: \(error)")
            return
        }
        for (file, problem) in listing.invalid {
            logger.warning("ignoring a file with an invalid name", metadata: [
                "steward.event": "file-ignored", "steward.file": "\(file)", "error": "\(problem)",
            ])
        }
        var names = Set(listing.files.keys)
        removalGrace.withLock { grace in
            for name in names { grace.filePresent(name) }
        }
        do {
            let active = try await store.allRecords().filter(\.isActive).map(\.name)
            if reason == Self.takeoverReason, let leadership {
                // The previous leader may have had files this host's folder lacks: they are not
                // deleted before the removal grace, and the operator learns which host lacks what.
                for name in active where listing.files[name] == nil {
                    logger.warning("\(name): this host (\(leadership.member)) took over, and its spec folder has no file for this integration; it is deleted after the removal grace unless the file appears here", metadata: [
                        "steward.integration": "\(name)", "steward.event": "takeover-file-missing", "steward.member": "\(leadership.member)",
                        "steward.spec_dir": "\(settings.specDirectory)",
                    ])
                }
            }
            names.formUnion(active)
            let now = Date()
            // Only the leader writes; a follower's rescan only keeps its queue warm.
            if leadership?.isLeading ?? true {
                try await store.setMeta("lastResyncAt", now.formatted(.iso8601))
            }
            metrics.resynced(at: now)
        } catch {
            logger.error("cannot read the status store", metadata: ["steward.event": "store-error", "error": "\(error)"])
        }
        for name in names.sorted() { _ = await queue.add(name) }
        await reportFolder(listing)
        logger.info("rescan queued", metadata: ["steward.event": "rescan", "steward.reason": "\(reason)", "steward.count": "\(names.count)"])
    }

    /// Watches the folder; after the watch exists, runs the startup scan and calls `started`.
    func watch(afterWatching started: @Sendable () -> Void) async {
        var iterator = DirectoryWatcher(directory: settings.specDirectory, retryInterval: settings.folderRetryInterval, logger: logger)
            .makeAsyncIterator()
        await rescan(reason: "startup")
        started()
        while let event = await iterator.next() {
            switch event {
            case .changed(let file):
                folderChanged()
                if case .spec(let name) = SpecFileName.classify(file) {
                    // Written, created or moved in: whatever grace period ran for the name is over.
                    removalGrace.withLock { $0.filePresent(name) }
                    _ = await queue.fileChanged(name)
                }
            case .removed(let file):
                folderChanged()
                if case .spec(let name) = SpecFileName.classify(file) {
                    _ = await queue.fileChanged(name)
                }
            case .rescanNeeded:
                await rescan(reason: "watch")
            case .directoryUnavailable(let reason):
                removalGrace.withLock { $0.folderUnavailable() }
                logger.error("the spec folder is unavailable; watching for it to come back", metadata: [
                    "steward.event": "folder-unavailable", "steward.spec_dir": "\(settings.specDirectory)", "error": "\(reason)",
                ])
                events.status("spec folder \(settings.specDirectory) unavailable: \(reason)")
            }
        }
    }

    func resyncLoop() async {
        var random = SystemRandomNumberGenerator()
        let schedule = ResyncSchedule(interval: settings.resyncInterval)
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: schedule.delay(using: &random))
            } catch {
                return
            }
            await rescan(reason: "resync")
        }
    }

    func reloadLoop() async {
        for await _ in reloads {
            events.reloading()
            logger.notice("reloading", metadata: ["steward.event": "reload"])
            await rescan(reason: "reload")
            await announceReady()
        }
    }

    /// Pings the watchdog only while the queue answers and no reconcile is wedged.
    func heartbeatLoop(every interval: Duration) async {
        let clock = ContinuousClock()
        var reportedStall = false
        while !Task.isCancelled {
            _ = await queue.pendingCount // the queue actor answers
            let now = clock.now
            let stalled = inFlight.withLock { $0.filter { now - $0.value > settings.stallLimit }.map(\.key) }
            if stalled.isEmpty {
                events.heartbeat()
                reportedStall = false
            } else if !reportedStall {
                reportedStall = true
                logger.critical("reconcile wedged; withholding watchdog pings so the service manager restarts steward", metadata: [
                    "steward.event": "wedged", "steward.integration": "\(stalled.sorted().joined(separator: ","))",
                ])
            }
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }

    // MARK: - Workers

    func work(worker: Int) async {
        let clock = ContinuousClock()
        while let name = await queue.next() {
            // A follower keeps its queue warm and reconciles nothing; the name waits for this
            // daemon to lead (or for shutdown).
            if let leadership, !leadership.isLeading {
                guard await leadership.waitUntilLeading() else {
                    // Shutting down: the name goes back unprocessed, so that the queue (which
                    // ends once nothing is processing) lets every worker go.
                    _ = await queue.done(name, outcome: .forget)
                    continue
                }
            }
            let started = clock.now
            inFlight.withLock { $0[name] = started }
            #if STEWARD_FAULT_HOOKS
            if name == settings.faultWedgeIntegration {
                logger.warning("fault hook: wedging this worker", metadata: ["steward.integration": "\(name)", "steward.event": "fault-wedge"])
                while true { try? await Task.sleep(for: .seconds(3600)) }
            }
            #endif
            let report: ReconcileReport
            do {
                let location = try folder.locate(name)
                if let wait = await graceBeforeRemoving(name, location: location, now: clock.now) {
                    inFlight.withLock { $0[name] = nil }
                    _ = await queue.done(name, outcome: .forget)
                    _ = await queue.add(name, after: wait)
                    continue
                }
                if let leadership {
                    // Nothing more reaches the warehouse once this daemon's belief that it leads runs out.
                    report = await WarehouseFence.$permit.withValue(WarehousePermit { leadership.isLeading }) {
                        await reconciler.reconcile(name: name, location: location, folder: folder)
                    }
                } else {
                    report = await reconciler.reconcile(name: name, location: location, folder: folder)
                }
            } catch {
                // Never treat an unreadable folder as "file removed", nor let a grace period
                // run out while it is unreadable.
                removalGrace.withLock { $0.folderUnavailable() }
                logger.error("\(name): cannot read the spec folder; will retry", metadata: [
                    "steward.integration": "\(name)", "steward.event": "folder-unavailable", "error": "\(error)",
                ])
                report = ReconcileReport(name: name, disposition: .transientFailure, record: nil, message: "\(error)")
            }
            inFlight.withLock { $0[name] = nil }
            let outcome: WorkOutcome = switch report.disposition {
            case .converged: .success
            case .transientFailure: .transientFailure
            case .permanentFailure: .permanentFailure
            case .idle, .fileReturned: .forget
            }
            let action = await queue.done(name, outcome: outcome)
            if report.disposition == .fileReturned {
                // The removal was called off because the file is there: reconcile it as a file.
                removalGrace.withLock { $0.filePresent(name) }
                _ = await queue.fileChanged(name)
            }
            await recordNextAttempt(report, action: action, now: clock.now)
            await publishStatus()
            let duration = clock.now - started
            metrics.reconciled(report.disposition, duration: duration)
            await events.reconciled(report, duration: duration)
        }
    }

    /// How long to wait before acting on the missing file of `name` (see `RemovalGrace`), or
    /// nil to reconcile now: the file is there, nothing is recorded under the name, or the grace
    /// period is over. A record that cannot be read waits: it is never taken as "nothing to
    /// protect". Logged once, when the period starts.
    func graceBeforeRemoving(_ name: String, location: SpecLocation, now: ContinuousClock.Instant) async -> Duration? {
        guard case .missing = location else {
            removalGrace.withLock { $0.filePresent(name) }
            return nil
        }
        let sight: RemovalGrace<ContinuousClock.Instant>.RecordSight
        do {
            if let record = try await store.record(named: name), record.isActive {
                sight = .active(deletionStarted: record.status == .deleting || record.status == .deleteError)
            } else {
                sight = .inactive
            }
        } catch {
            logger.error("\(name): its spec file is gone but its record cannot be read; not acting on it until it can", metadata: [
                "steward.integration": "\(name)", "steward.event": "store-error", "error": "\(error)",
            ])
            sight = .unreadable
        }
        let decision = removalGrace.withLock { $0.fileMissing(name, at: now, record: sight) }
        guard case .wait(let wait) = decision else { return nil }
        if wait == settings.removalGrace {
            logger.notice("\(name): its spec file is gone; acting on it in \(wait) unless it comes back", metadata: [
                "steward.integration": "\(name)", "steward.event": "removal-pending",
            ])
        }
        return wait
    }

    func recordNextAttempt(_ report: ReconcileReport, action: WorkQueueState<ContinuousClock.Instant>.DoneAction, now: ContinuousClock.Instant) async {
        guard let record = report.record else { return }
        var next: Date?
        switch action {
        case .scheduled(let at), .held(let at):
            next = Date().addingTimeInterval(Self.seconds(at - now))
        case .idle, .notProcessing:
            next = nil
        }
        if report.disposition == .transientFailure, let next {
            logger.warning("\(record.name): will retry", metadata: [
                "steward.integration": "\(record.name)", "steward.integration_id": "\(record.displayID)",
                "steward.status": "\(record.status.rawValue)", "steward.event": "retry",
                "steward.attempt": "\(record.attempts)", "steward.retry_in": "\(String(format: "%.1f", next.timeIntervalSinceNow))s",
            ])
        }
        guard record.nextAttemptAt != next else { return }
        do {
            try await store.update(id: record.id) { $0.nextAttemptAt = next }
        } catch {
            logger.error("cannot record the next attempt", metadata: ["steward.integration": "\(record.name)", "error": "\(error)"])
        }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
