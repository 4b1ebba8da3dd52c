#!/usr/bin/env python3
"""The measuring half of Benchmarks/ha.sh (standard library only).

ha.sh starts a private PostgreSQL that holds both the shared status databases and the warehouse,
and calls this with its port, socket and password files. This script starts `steward run`
daemons with config files (a `store:` section, or none for SQLite), times (b) against both
stores, `steward get` against both, and failover: three daemons, the leader killed with SIGKILL
while a new spec file arrives. It reads the shared store through one psql session over the
server's Unix socket and the SQLite store directly, prints a table of figures and stops every
daemon it started, also on errors and Ctrl-C (ha.sh stops any left over by id).
"""

import argparse
import base64
import json
import os
import random
import statistics
import sys
import time
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # common.py, from any working folder
from bench import LoginSession, Server, publish, stage  # noqa: E402
from common import (DaemonProcess, Failure, Report, add_server_arguments, filesystem, machine, ms,  # noqa: E402
                    network_line, percentile, progress, proxy_cpu_seconds, proxy_pids, run_main, secs, spec_text,
                    steward_version)
from load import run_timed  # noqa: E402

MODES = {
    "full": {"rounds": 10, "b_files": 50, "get_runs": 200},
    "quick": {"rounds": 3, "b_files": 10, "get_runs": 50},
}
LEASES = ("15s", "3s")        # failover at the default lease and at a short one
BASE = 2                      # integrations enabled before the first failover round
READY_TIMEOUT = 30.0
SETTLE_TIMEOUT = 120.0        # a leader and every integration enabled, before a round
FAILOVER_TIMEOUT = 180.0      # the leader killed → the new file enabled
FLEET_TIMEOUT = 300.0         # (b)
POLL = 0.01                   # both stores are read this often while a clock runs


class HAError(Failure):
    pass


def spread(values):
    """median (min–max, p90) of seconds."""
    return (f"{secs(statistics.median(values))} (min {secs(min(values))}, max {secs(max(values))}, "
            f"p90 {secs(percentile(values, 0.9))})")


class Member(DaemonProcess):
    """`steward run --config FILE`: with `store` (database name, member, lease) a member of the
    shared store, else a daemon with SQLite in its state directory."""

    def __init__(self, bench, label, store=None):
        self.bench, self.label = bench, label
        work = bench.args.work
        self.spec_dir = os.path.join(work, f"{label}-specs")
        self.state_dir = os.path.join(work, f"{label}-state")
        self.log_path = os.path.join(work, f"{label}.log")
        self.config = os.path.join(work, f"{label}.yaml")
        self.member = store[1] if store else None
        os.makedirs(self.spec_dir)
        lines = [f"specDir: {self.spec_dir}", f"stateDir: {self.state_dir}", "resyncInterval: 1h", "logFormat: json"]
        if store:
            database, member, lease = store
            lines += ["store:",
                      f"  url: postgresql://admin@127.0.0.1:{bench.server.tcp_port}/{database}?sslmode=disable",
                      f"  passwordFile: {bench.args.password_file}",
                      f"  secretKeyFile: {bench.secret_key}",
                      f"  member: {member}",
                      f"  lease: {lease}"]
        with open(self.config, "w") as handle:
            handle.write("\n".join(lines) + "\n")

    def start(self):
        """Starts (or restarts) the daemon and waits until it logs `ready`."""
        offset = os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0

        def ready():
            for raw in self.read_log()[offset:].splitlines():
                try:
                    if json.loads(raw).get("metadata", {}).get("steward.event") == "ready":
                        return True
                except ValueError:
                    continue
            return False
        self.launch([self.bench.binary, "run", "--config", self.config], self.bench.args.pids, ready,
                    READY_TIMEOUT, "log 'ready'")
        return self

    def kill(self):
        """SIGKILL, no waiting (the caller reaps with `reap`)."""
        self.proc.kill()

    def reap(self):
        self.proc.wait()

    def write_spec(self, name, text):
        stage_item = stage(self.spec_dir, name, text)
        publish(stage_item)

    def get(self, name):
        """`steward get NAME` timed from spawn to exit, against the shared store (--config) or
        the SQLite state directory."""
        where = ["--config", self.config] if self.member else ["--state-dir", self.state_dir]
        elapsed, result = run_timed([self.bench.binary, "get", name, *where])
        if result.returncode != 0:
            raise HAError(f"steward get {name} ({self.label}) exited with {result.returncode}: {result.stderr.strip()}")
        return elapsed

    def sqlite_counts(self, prefix):
        db = self.open_store(timeout=2)
        try:
            return dict(db.execute("SELECT status, count(*) FROM integration WHERE name LIKE ? GROUP BY status",
                                   (prefix + "%",)).fetchall())
        finally:
            db.close()


class HABench(Report):
    def __init__(self, args):
        super().__init__()
        self.args = args
        self.settings = MODES[args.mode]
        self.binary = args.binary
        self.server = Server(args)
        self.members = []
        self.sessions = {}
        self.secret_key = os.path.join(args.secrets, "store-secret-key")
        fd = os.open(self.secret_key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(base64.b64encode(os.urandom(32)).decode() + "\n")

    # The warehouse and the store ---------------------------------------------------------------
    def spec(self, host, database):
        return spec_text(host, self.server.tcp_port, database, self.args.password_file)

    def store(self, database):
        """One psql session on the store database over the Unix socket (untimed path)."""
        if database not in self.sessions:
            shim = types.SimpleNamespace(env=self.server.env, psql=self.server.psql, tcp_port=self.server.port)
            self.sessions[database] = LoginSession(shim, self.server.socket, database, "admin", self.args.pgpass)
        return self.sessions[database]

    def lease(self, database):
        """(holder of an unexpired lease or '', term)."""
        holder, term = self.store(database).query(
            "SELECT (SELECT holder FROM steward_leader WHERE expires_at > now()), (SELECT term FROM steward_leader)").split("|")
        return holder, int(term)

    def shared_counts(self, database, prefix):
        rows = self.store(database).query(
            "SELECT coalesce(string_agg(status || '=' || n, ','), '') FROM (SELECT status, count(*) AS n "
            f"FROM steward_integration WHERE name LIKE '{prefix}%' GROUP BY status) s")
        return {k: int(v) for k, v in (item.split("=") for item in rows.split(",") if item)}

    def member(self, label, store=None):
        m = Member(self, label, store)
        self.members.append(m)
        return m

    def stop(self, members):
        for m in members:
            code = m.terminate(60, f"steward ({m.label})")
            if code not in (0, None):
                raise HAError(f"steward ({m.label}) exited with {code} on SIGTERM (expected 0):\n{m.log_tail()}")

    def wait(self, probe, timeout, waiting):
        """Calls `probe()` every POLL seconds until it returns a true value; returns it."""
        deadline = time.monotonic() + timeout
        while True:
            found = probe()
            if found:
                return found
            if time.monotonic() > deadline:
                raise HAError(f"{waiting} after {timeout:.0f} s")
            time.sleep(POLL)

    # (b) against both stores ---------------------------------------------------------------------
    def fleet(self, label, prefix, counts, members):
        """Drops `b_files` specs at once into the first member's folder (copies into the others
        first, untimed) and times until all are enabled."""
        count = self.settings["b_files"]
        names = [f"{prefix}{i:02d}" for i in range(1, count + 1)]
        texts = {name: self.spec(f"127.0.0.{10 + i}", f"ha_{name.replace('-', '_')}") for i, name in enumerate(names, 1)}
        for m in members[1:]:
            for name in names:
                m.write_spec(name, texts[name])
        staged = [stage(members[0].spec_dir, name, texts[name]) for name in names]
        self.server.admin("CHECKPOINT")
        t0 = time.monotonic()
        for item in staged:
            publish(item)
        first, errors = None, set()
        deadline = t0 + FLEET_TIMEOUT
        while True:
            seen = counts(prefix)
            now = time.monotonic()
            if seen.get("enabled", 0) and first is None:
                first = now - t0
            errors.update(s for s in seen if s.endswith("Error"))
            if seen.get("enabled", 0) == count:
                break
            members[0].check_alive()
            if now > deadline:
                raise HAError(f"{label}: not all enabled after {FLEET_TIMEOUT:.0f} s: {seen}")
            time.sleep(POLL)
        progress(f"{label}: {secs(now - t0)} (first enabled after {secs(first)})")
        self.detail(f"(b) {label}: first enabled after {secs(first)}; error statuses on the way: {', '.join(sorted(errors)) or 'none'}")
        return now - t0, names

    def bench_b_and_get(self):
        count, runs = self.settings["b_files"], self.settings["get_runs"]
        print(f"(b) {count} files at once → all enabled: SQLite, then the shared store", file=sys.stderr, flush=True)
        lite = self.member("b-sqlite").start()
        t_lite, lite_names = self.fleet("SQLite", "bs-", lite.sqlite_counts, [lite])

        self.server.admin("CREATE DATABASE steward_b")
        leader = self.member("b-host-p", ("steward_b", "host-p", "15s")).start()
        self.wait(lambda: self.lease("steward_b")[0].startswith("host-p/"), SETTLE_TIMEOUT, "host-p does not lead")
        t_shared, shared_names = self.fleet("shared store", "bp-", lambda p: self.shared_counts("steward_b", p), [leader])
        self.row(f"(b) {count} files at once → all enabled, SQLite store", secs(t_lite))
        self.row("    the same, shared PostgreSQL store (one daemon, loopback)", secs(t_shared))
        self.row("    shared / SQLite", f"{t_shared / t_lite:.2f}×")

        # steward get: a follower beside the leader, its folder a copy of the leader's.
        print(f"steward get, {runs} runs per case, interleaved", file=sys.stderr, flush=True)
        follower = self.member("b-host-q", ("steward_b", "host-q", "15s"))
        for name in shared_names:
            with open(os.path.join(leader.spec_dir, f"{name}.yaml")) as handle:
                follower.write_spec(name, handle.read())
        follower.start()
        self.wait(lambda: self.store("steward_b").query(
            "SELECT count(*) FROM steward_member WHERE host LIKE 'host-q%' AND last_heartbeat IS NOT NULL") != "0",
            SETTLE_TIMEOUT, "host-q sent no heartbeat")
        if not self.lease("steward_b")[0].startswith("host-p/"):
            raise HAError("host-p no longer leads")
        cases = [("SQLite state dir (--state-dir)", lite, lite_names[0]),
                 ("shared store, the leader's config", leader, shared_names[0]),
                 ("shared store, a follower's config", follower, shared_names[0])]
        for _, m, name in cases:  # warm-up: page cache, first connection
            for _ in range(5):
                m.get(name)
        times = {label: [] for label, _, _ in cases}
        for i in range(runs):
            for label, m, name in cases[i % 3:] + cases[:i % 3]:
                times[label].append(m.get(name))
        for label, _, _ in cases:
            t = times[label]
            progress(f"get, {label}: median {ms(statistics.median(t))}, p99 {ms(percentile(t, 0.99))}")
            self.row(f"steward get, {label}: median / p90 / p99 ({runs})",
                     f"{ms(statistics.median(t))} / {ms(percentile(t, 0.9))} / {ms(percentile(t, 0.99))}")
        self.detail(f"steward get: {runs} runs per case after 5 warm-up runs, the cases in turn; each the whole process "
                    f"(spawn to exit, output read); the SQLite daemon ({count} enabled) and both store members idle")
        self.stop([follower, leader, lite])

    # Failover --------------------------------------------------------------------------------------
    def settled(self, database, members, names):
        """The member that leads, once a lease is held and every name is enabled."""
        holder, _ = self.lease(database)
        if not holder:
            return None
        counts = self.shared_counts(database, "")
        if counts.get("enabled", 0) != len(names) or sum(counts.values()) != len(names):
            return None
        return next((m for m in members if holder.startswith(m.member + "/")), None)

    def failover(self, lease):
        rounds = self.settings["rounds"]
        print(f"failover, lease {lease}: {rounds} rounds", file=sys.stderr, flush=True)
        database = f"steward_fo_{lease}"
        self.server.admin(f"CREATE DATABASE {database}")
        members = [self.member(f"fo{lease}-{host}", (database, host, lease)) for host in ("host-a", "host-b", "host-c")]
        names = [f"base-{i}" for i in range(1, BASE + 1)]
        for m in members:
            for i, name in enumerate(names, 1):
                m.write_spec(name, self.spec(f"127.0.0.{1 + i}", f"ha_base_{i}"))
        for m in members:
            m.start()
        results = []
        for n in range(1, rounds + 1):
            leader = self.wait(lambda: self.settled(database, members, names), SETTLE_TIMEOUT,
                               f"lease {lease}, round {n}: no leader with everything enabled")
            # A random pause of up to one renewal interval, so that the kill falls anywhere between
            # two renewals (right after a takeover, the lease is otherwise always almost whole).
            time.sleep(random.uniform(0, int(lease.rstrip("s")) / 3))
            for m in members:
                m.check_alive()
            _, term = self.lease(database)
            name = f"fo-{n}"
            text = self.spec(f"127.0.0.{10 + n}", f"ha_fo_{n}")
            staged = [stage(m.spec_dir, name, text) for m in members]
            left = float(self.store(database).query(  # what remains of the lease, by the database's clock
                "SELECT extract(epoch FROM expires_at - clock_timestamp()) FROM steward_leader"))
            t0 = time.monotonic()
            leader.kill()
            for item in staged:
                publish(item)
            leader.reap()
            t_leader = t_row = None
            new_holder, errors = "", set()
            deadline = t0 + FAILOVER_TIMEOUT
            while True:
                holder, now_term, status = self.store(database).query(
                    "SELECT (SELECT holder FROM steward_leader WHERE expires_at > now()), (SELECT term FROM steward_leader), "
                    f"(SELECT status FROM steward_integration WHERE name = '{name}')").split("|")
                now = time.monotonic()
                if t_leader is None and holder and int(now_term) > term:
                    t_leader, new_holder = now - t0, holder
                if t_row is None and status:
                    t_row = now - t0
                if status.endswith("Error"):
                    errors.add(status)
                if status == "enabled":
                    t_enabled = now - t0
                    break
                if now > deadline:
                    raise HAError(f"lease {lease}, round {n}: {name} is '{status}' {FAILOVER_TIMEOUT:.0f} s after the kill")
                time.sleep(POLL)
            t_leader = t_leader if t_leader is not None else t_row
            progress(f"round {n}: killed {leader.member} (term {term}, {left:.2f} s of lease left); new leader {new_holder.split('/')[0]} after "
                     f"{secs(t_leader)}; row after {secs(t_row)}; enabled after {secs(t_enabled)}"
                     + (f"; errors on the way: {', '.join(sorted(errors))}" if errors else ""))
            results.append((t_leader, t_row, t_enabled, leader.member, new_holder.split("/")[0], left))
            names.append(name)
            leader.start()
        self.stop(members)
        # The warehouse objects of this cluster go, so that the next one starts from the same place.
        for i in range(1, BASE + 1):
            self.server.drop(f"ha_base_{i}", f"steward_base_{i}")
        for n in range(1, rounds + 1):
            self.server.drop(f"ha_fo_{n}", f"steward_fo_{n}")

        leaders, row, enabled = ([r[i] for r in results] for i in range(3))
        self.row(f"failover, lease {lease} ({rounds} rounds): kill -9 of the leader → new lease holder", spread(leaders))
        self.row("    → fo-N's row in the store (the new leader's first reconcile)", spread(row))
        self.row("    → fo-N enabled", spread(enabled))
        lefts = [r[5] for r in results]
        self.detail(f"failover, lease {lease}: lease left at the kill {spread(lefts)}; from its end to the new holder "
                    f"{spread([r[0] - r[5] for r in results])}")
        self.detail("    rounds (s, killed→new leader: lease left / taken / row / enabled): " + "; ".join(
            f"{r[3]}→{r[4]} {r[5]:.2f}/{r[0]:.2f}/{r[1]:.2f}/{r[2]:.2f}" for r in results))

    # -----------------------------------------------------------------------------------------------
    def run(self):
        started = time.monotonic()
        header = self.header()
        proxies = proxy_pids(self.args.proxy_pids)
        proxy_cpu0 = proxy_cpu_seconds(proxies)
        try:
            self.bench_b_and_get()
            for lease in LEASES:
                self.failover(lease)
        finally:
            for m in self.members:
                try:
                    m.terminate(60, f"steward ({m.label})")
                except Failure as error:
                    print(f"ha.py: {error}", file=sys.stderr)
            for session in self.sessions.values():
                session.close()
        if proxies:
            self.detail(f"delay proxy: {proxy_cpu_seconds(proxies) - proxy_cpu0:.1f} s of CPU during the run")
        self.detail(f"each round: three members (host-a, -b, -c; {BASE} integrations at the start, one more per round); "
                    "a random pause of up to lease/3 first; the clock starts at SIGKILL of the lease holder; "
                    "fo-N renamed into all three folders at once")
        self.write_report(self.args.report, header, "benchmark", time.monotonic() - started)

    def header(self):
        machine_line = machine()
        pg = self.server.admin("SHOW server_version")
        return [
            f"Steward high-availability benchmark ({self.args.mode} mode), {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
            f"steward {steward_version(self.binary)}; PostgreSQL {pg} (defaults, fsync on; the store databases and the "
            f"warehouse on one server; see Benchmarks/README.md); data on {filesystem(self.args.work)}",
            network_line(self.args.rtt_ms),
            machine_line,
        ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_server_arguments(parser, MODES)
    parser.add_argument("--secrets", required=True, help="a 0700 folder for the store's secret key")
    parser.add_argument("--report", required=True)
    return run_main("ha.py", lambda: HABench(parser.parse_args()).run())


if __name__ == "__main__":
    sys.exit(main())
