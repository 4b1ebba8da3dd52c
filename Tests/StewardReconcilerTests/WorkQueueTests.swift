import Testing
@testable import StewardReconciler

@Suite struct WorkQueueTests {
    @Test func concurrentWorkersNeverShareAName() async {
        let queue = WorkQueue(clock: TestClock(), random: MaxRandom())
        let names = (0..<40).map { "integration-\($0)" }
        let inFlight = Locked<Set<String>>([])
        let violations = Locked<[String]>([])
        let processed = Locked<Set<String>>([])

        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<6 {
                group.addTask {
                    var round = 0
                    while let name = await queue.next() {
                        let claimed = inFlight.withLock { $0.insert(name).inserted }
                        if !claimed { violations.withLock { $0.append(name) } }
                        processed.withLock { _ = $0.insert(name) }
                        round += 1
                        // Re-add some names while they are processing, and let other workers run.
                        if (round + worker) % 3 == 0 { await queue.add(name) }
                        await Task.yield()
                        inFlight.withLock { _ = $0.remove(name) }
                        await queue.done(name, outcome: .success)
                    }
                }
            }
            // Producers add every name several times while the workers run.
            await withTaskGroup(of: Void.self) { producers in
                for _ in 0..<3 {
                    producers.addTask {
                        for name in names {
                            await queue.add(name)
                            await Task.yield()
                        }
                    }
                }
            }
            // Let the queue settle, then stop the workers.
            while true {
                let pending = await queue.pendingCount
                let busy = await queue.processing
                if pending == 0 && busy.isEmpty { break }
                await Task.yield()
            }
            await queue.shutdown()
        }

        #expect(violations.value == [])
        #expect(processed.value == Set(names))
        #expect(await queue.processing.isEmpty)
    }

    @Test func aWaitingWorkerWakesWhenADelayedNameBecomesDue() async {
        let clock = TestClock()
        let queue = WorkQueue(clock: clock)
        await queue.add("later", after: .seconds(30))
        let got = Locked<String?>(nil)
        let worker = Task {
            let name = await queue.next()
            got.withLock { $0 = name }
            return name
        }
        await clock.waitForSleepers(atLeast: 1)
        clock.advance(by: .seconds(29))
        #expect(got.value == nil)
        clock.advance(by: .seconds(1))
        #expect(await value(of: worker) == "later")
    }

    @Test func theTimerIsReArmedForAnEarlierName() async {
        let clock = TestClock()
        let queue = WorkQueue(clock: clock)
        await queue.add("slow", after: .seconds(60))
        let worker = Task { await queue.next() }
        await clock.waitForSleepers(atLeast: 1)
        await queue.add("quick", after: .seconds(5))
        await clock.waitForSleepers(atLeast: 1)
        clock.advance(by: .seconds(5))
        #expect(await value(of: worker) == "quick")
        #expect(await queue.pendingCount == 1)
    }

    @Test func aWaitingWorkerWakesWhenANameIsAdded() async {
        let queue = WorkQueue(clock: TestClock())
        let worker = Task { await queue.next() }
        while await queue.waitingWorkers == 0 { await Task.yield() }
        await queue.add("now")
        #expect(await value(of: worker) == "now")
    }

    @Test func aFileChangeWakesAWorkerAfterTheDebounce() async {
        let clock = TestClock()
        let queue = WorkQueue(clock: clock, debounce: .milliseconds(250))
        let worker = Task { await queue.next() }
        while await queue.waitingWorkers == 0 { await Task.yield() }
        await queue.fileChanged("edited")
        await queue.fileChanged("edited")
        await clock.waitForSleepers(atLeast: 1)
        clock.advance(by: .milliseconds(250))
        #expect(await value(of: worker) == "edited")
        #expect(await queue.pendingCount == 0)
    }

    @Test func cancellingAWaitingNextReturnsNil() async {
        let queue = WorkQueue(clock: TestClock())
        let worker = Task { await queue.next() }
        while await queue.waitingWorkers == 0 { await Task.yield() }
        worker.cancel()
        let result = await value(of: worker)
        #expect(result == .some(nil))
        #expect(await queue.waitingWorkers == 0)
        // The queue still works for others.
        await queue.add("a")
        #expect(await queue.next() == "a")
    }

    @Test func nextInACancelledTaskReturnsNil() async {
        let queue = WorkQueue(clock: TestClock())
        await queue.add("a")
        let worker = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await queue.next()
        }
        #expect(await value(of: worker) == .some(nil))
        #expect(await queue.pendingCount == 1)
    }

    @Test func shutdownLetsProcessingFinishThenReleasesWaiters() async {
        let queue = WorkQueue(clock: TestClock())
        await queue.add("a")
        await queue.add("b")
        #expect(await queue.next() == "a")
        await queue.shutdown()
        let waiter = Task { await queue.next() }
        while await queue.waitingWorkers == 0 { await Task.yield() }
        #expect(await queue.processing == ["a"])
        await queue.done("a", outcome: .success)
        #expect(await value(of: waiter) == .some(nil))
        #expect(await queue.next() == nil)
    }

    @Test func transientFailureReturnsTheRetryInstant() async {
        let clock = TestClock()
        let queue = WorkQueue(clock: clock, backoff: Backoff(base: .seconds(2)), random: MaxRandom())
        await queue.add("a")
        #expect(await queue.next() == "a")
        let action = await queue.done("a", outcome: .transientFailure)
        #expect(action == .scheduled(at: clock.now.advanced(by: .seconds(2))))
        #expect(await queue.attempts(for: "a") == 1)
        #expect(await queue.nextAttempt(for: "a") == clock.now.advanced(by: .seconds(2)))
        let worker = Task { await queue.next() }
        await clock.waitForSleepers(atLeast: 1)
        clock.advance(by: .seconds(2))
        #expect(await value(of: worker) == "a")
    }

    @Test func worksOnTheContinuousClock() async {
        let queue = WorkQueue(debounce: .milliseconds(1))
        await queue.fileChanged("a")
        let worker = Task { await queue.next() }
        #expect(await value(of: worker) == "a")
    }
}
