#!/usr/bin/env python3
"""The measuring half of Benchmarks/load.sh (standard library only).

load.sh starts S private PostgreSQL servers (with --rtt-ms, each behind a delay proxy) and calls
this with their ports, sockets and the password files. This script starts one `steward run` daemon with its default settings, drops N
spec files into its folder at once, polls `steward list` until every integration is enabled
while a second thread times `steward get` every 200 ms, checks every server's catalog, removes
all N files at once and waits until every integration is deleted and nothing is left in the
catalogs. It prints a table of figures and stops the daemon it started, also on errors and
Ctrl-C (load.sh stops it by id if this script could not).
"""

import argparse
import collections
import functools
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # common.py, from any working folder
import common  # noqa: E402
from common import (CLK_TCK, DaemonProcess, Failure, Report, add_network_arguments, filesystem, machine,  # noqa: E402
                    megabytes, ms, network_line, percentile, progress, proxy_cpu_seconds, proxy_pids, psql_env,
                    run_main, spec_text, steward_version, utc_seconds)

secs = functools.partial(common.secs, places=1)  # the load phases last seconds to minutes

POLL_INTERVAL = 0.5    # steward list, at most this often
GET_INTERVAL = 0.2     # steward get, this often
GET_TARGET = 0.060     # a user's `steward get` should answer within this (p99, during the load)
READY_TIMEOUT = 30.0
CLI_TIMEOUT = 30.0     # one steward list/get
STOP_TIMEOUT = 120.0   # SIGTERM → exit (in-flight reconciles finish first)

ERROR_STATUSES = ("createError", "editError", "deleteError", "recurringValidationError", "migrateError")


class LoadError(Failure):
    pass


def own_cpu():
    """This process's CPU seconds (all its threads), not its children's."""
    times = os.times()
    return times.user + times.system


# --------------------------------------------------------------------------------------------
# The servers
# --------------------------------------------------------------------------------------------


class Server:
    def __init__(self, index, port, socket, octet, log_path, count, psql, env, tcp_port=None):
        self.index = index
        self.port = port  # the server's own: with the Unix socket, for housekeeping
        # What the specs name: the server's port, or with --rtt-ms its delay proxy's.
        self.tcp_port = tcp_port or port
        self.socket = socket
        self.log_path = log_path
        self.addresses = [f"127.{octet}.0.{last}" for last in range(1, count + 1)]
        self.psql = psql
        self.env = env
        self.log_offset = 0

    def command(self, database):
        # Housekeeping as the superuser over the private Unix socket (trust; never timed).
        return [self.psql, "-X", "-q", "-At", "-h", self.socket, "-p", str(self.port), "-U", "admin", "-d", database]

    def query(self, sql, database="postgres"):
        result = subprocess.run(self.command(database) + ["-v", "ON_ERROR_STOP=1", "-c", sql], env=self.env,
                                capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise LoadError(f"server {self.index + 1}: psql failed: {sql}: {result.stderr.strip()}")
        return [line.split("|") for line in result.stdout.splitlines() if line]

    def script(self, text):
        """Runs a psql script (with \\connect) on stdin; returns (rows, error lines)."""
        result = subprocess.run(self.command("postgres") + ["-v", "ON_ERROR_STOP=0", "-f", "-"], input=text,
                                env=self.env, capture_output=True, text=True, timeout=600)
        rows = [line.split("|") for line in result.stdout.splitlines() if line]
        return rows, [line for line in result.stderr.splitlines() if line.strip()]

    def catalog(self):
        """The databases and roles on this server other than PostgreSQL's own and `admin`."""
        databases = [r[0] for r in self.query(
            "SELECT datname FROM pg_database WHERE datname NOT IN ('postgres', 'template0', 'template1') ORDER BY 1")]
        roles = [r[0] for r in self.query(
            "SELECT rolname FROM pg_roles WHERE rolname <> 'admin' AND rolname !~ '^pg_' ORDER BY 1")]
        return databases, roles

    def postmaster_pid(self):
        # The data folder is the socket folder's sibling (load.sh: pg/K/socket, pg/K/data).
        with open(os.path.join(os.path.dirname(self.socket), "data", "postmaster.pid")) as handle:
            return int(handle.readline())

    def cpu_seconds(self):
        """CPU of the whole server: the postmaster with the children it has reaped (cutime,
        cstime), plus every live child (backends, checkpointer, WAL writer, …)."""
        pid = self.postmaster_pid()
        total = 0.0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(entry) == pid:
                total += sum(int(f) for f in fields[11:15]) / CLK_TCK  # utime, stime, cutime, cstime
            elif int(fields[1]) == pid:
                total += (int(fields[11]) + int(fields[12])) / CLK_TCK
        return total

    def mark_log(self):
        self.log_offset = os.path.getsize(self.log_path)

    def log_since_mark(self):
        with open(self.log_path, "rb") as handle:
            handle.seek(self.log_offset)
            return handle.read().decode(errors="replace")

    def checkpoints(self):
        """Checkpoints completed since mark_log() (log_checkpoints is on by default in 15): how
        many, how many were requested with `immediate force wait` (DROP DATABASE asks for one),
        and their total seconds as the server logs them."""
        data = self.log_since_mark()
        done = [float(m) for m in re.findall(r"checkpoint complete: .*? total=([0-9.]+) s", data)]
        forced = len(re.findall(r"checkpoint starting: immediate force wait", data))
        return len(done), forced, sum(done), max(done, default=0.0)

    def log_problems(self):
        """ERROR/FATAL/PANIC lines the server logged since mark_log(), by message."""
        data = self.log_since_mark()
        problems = collections.Counter()
        for line in data.splitlines():
            for level in ("ERROR:", "FATAL:", "PANIC:"):
                if f" {level}  " in line:
                    # Whose session: log_line_prefix has app=%a (steward/<integration>, or psql).
                    app = re.search(r" app=(\S*) ", line)
                    app = app.group(1) if app else "?"
                    if app.startswith("steward/"):
                        app = "steward/<name>"
                    problems[f"{level} {line.split(level, 1)[1].strip()[:120]} (app={app or '-'})"] += 1
        return problems


# --------------------------------------------------------------------------------------------
# The specs
# --------------------------------------------------------------------------------------------


def account_name(name):
    """Steward's system account for an integration (README, "The daemon"; SystemAccountName.swift):
    `steward_` + the name with everything outside [a-z0-9_] turned into `_` (the names here are
    short enough never to be cut)."""
    return "steward_" + "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in name.lower())


class Spec:
    def __init__(self, number, width, server, address):
        self.name = f"load-{number:0{width}d}"      # the file load-0001.yaml
        self.database = f"load_{number:0{width}d}"  # the managed database Steward creates
        self.account = account_name(self.name)      # steward_load_0001
        self.server = server
        self.host = address

    def text(self, password_file):
        # The same spec as bench.py's.
        return spec_text(self.host, self.server.tcp_port, self.database, password_file)


def make_specs(count, servers):
    """Round-robin over (server, address): spec i goes to server i mod S, address i div S."""
    if count > sum(len(server.addresses) for server in servers):
        raise LoadError(f"{count} specs need more addresses than the {len(servers)} servers listen on")
    width = max(4, len(str(count)))
    specs = []
    for i in range(count):
        server = servers[i % len(servers)]
        specs.append(Spec(i + 1, width, server, server.addresses[i // len(servers)]))
    return specs


# --------------------------------------------------------------------------------------------
# The daemon and the CLI
# --------------------------------------------------------------------------------------------


class Ran:
    __slots__ = ("returncode", "stdout", "stderr", "rusage")

    def __init__(self, returncode, stdout, stderr, rusage):
        self.returncode, self.stdout, self.stderr, self.rusage = returncode, stdout, stderr, rusage

    @property
    def cpu(self):
        return self.rusage.ru_utime + self.rusage.ru_stime


def run_timed(command, timeout=CLI_TIMEOUT):
    """Spawns `command`, reads its output to the end and reaps it with wait4: returns (wall
    seconds from spawn to exit, Ran). stderr goes to a temporary file, so that a full pipe can
    never stall the child."""
    with tempfile.TemporaryFile() as errors:
        t0 = time.monotonic()
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            out = proc.stdout.read()
            proc.stdout.close()
            _, status, rusage = os.wait4(proc.pid, 0)
            wall = time.monotonic() - t0
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
        if wall >= timeout and proc.returncode < 0:
            raise subprocess.TimeoutExpired(command, timeout)
        errors.seek(0)
        return wall, Ran(proc.returncode, out.decode(errors="replace"), errors.read().decode(errors="replace"), rusage)


class Daemon(DaemonProcess):
    def __init__(self, binary, work, pids):
        self.binary = binary
        self.spec_dir = os.path.join(work, "specs")
        self.state_dir = os.path.join(work, "state")
        self.log_path = os.path.join(work, "steward.log")
        self.pids = pids
        os.makedirs(self.spec_dir)
        self.proc = None

    def start(self):
        # Default settings: 4 workers, resync every 10 min, backoff 1 s … 5 min.
        command = [self.binary, "run", "--spec-dir", self.spec_dir, "--state-dir", self.state_dir, "--log-format", "json"]
        self.launch(command, self.pids, self.logged_ready, READY_TIMEOUT, "log 'ready'")

    def logged_ready(self):
        return any(event.get("metadata", {}).get("steward.event") == "ready" for event in self.events())

    def events(self):
        """The daemon's log lines (JSON, one per line); lines that are not JSON are skipped."""
        out = []
        with open(self.log_path, "rb") as handle:
            for raw in handle:
                try:
                    out.append(json.loads(raw))
                except ValueError:
                    continue
        return out

    def stop(self):
        """SIGTERM and wait; returns the exit status (SIGKILL after STOP_TIMEOUT)."""
        return self.terminate(STOP_TIMEOUT)

    def cli(self, *args):
        """Runs `steward ARGS --state-dir STATE`; returns (wall seconds from spawn to exit, result).
        `result` has returncode, stdout, stderr and the child's rusage (CPU time, context
        switches). Raises subprocess.TimeoutExpired after CLI_TIMEOUT."""
        return run_timed([self.binary, *args, "--state-dir", self.state_dir])

    def store_sizes(self):
        """Bytes of steward.sqlite and of its write-ahead log (-wal), or 0 for a missing file."""
        def size(suffix):
            try:
                return os.path.getsize(os.path.join(self.state_dir, "steward.sqlite" + suffix))
            except FileNotFoundError:
                return 0
        return size(""), size("-wal")

    # /proc figures (CPU seconds and memory: DaemonProcess)
    def threads(self):
        try:
            return self.proc_status()["Threads"]
        except (FileNotFoundError, ProcessLookupError, KeyError):
            return 0

    # The store, read-only and only after a phase (WAL: a reader never blocks the daemon): the
    # transition times, to the millisecond, beside what polling saw.
    def transitions(self, after_id):
        db = self.open_store(timeout=5)
        try:
            return db.execute("SELECT t.id, i.name, t.toStatus, t.at FROM transition t JOIN integration i "
                              "ON i.id = t.integrationId WHERE t.id > ? ORDER BY t.id", (after_id,)).fetchall()
        finally:
            db.close()


class GetSampler(threading.Thread):
    """Times `steward get NAME` every 200 ms (spawn to exit, output read as a terminal would),
    tagging each sample with the phase it fell in; also samples the daemon's thread count."""

    def __init__(self, daemon, name):
        super().__init__(name="get-sampler", daemon=True)
        self.daemon_process = daemon
        self.target = name
        self.phase = "idle"
        self.samples = []  # (phase, seconds, exit status, child CPU seconds, (voluntary, involuntary switches))
        self.threads_peak = 0
        self.stopping = threading.Event()
        self.failure = None

    def run(self):
        try:
            next_at = time.monotonic()
            while not self.stopping.is_set():
                phase = self.phase
                try:
                    elapsed, result = self.daemon_process.cli("get", self.target)
                    code, cpu = result.returncode, result.cpu
                    switches = (result.rusage.ru_nvcsw, result.rusage.ru_nivcsw)
                except subprocess.TimeoutExpired:
                    elapsed, code, cpu, switches = CLI_TIMEOUT, "timeout", None, (0, 0)
                self.samples.append((phase, elapsed, code, cpu, switches))
                self.threads_peak = max(self.threads_peak, self.daemon_process.threads())
                next_at += GET_INTERVAL
                wait = next_at - time.monotonic()
                if wait < 0:
                    next_at = time.monotonic()  # fell behind: go on from now, no burst
                else:
                    self.stopping.wait(wait)
        except Exception as error:  # noqa: BLE001 - reported by the main thread
            self.failure = error

    def stop(self):
        self.stopping.set()
        self.join(timeout=CLI_TIMEOUT + 5)

    def of(self, phase):
        return [sample[1:] for sample in self.samples if sample[0] == phase]


# --------------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------------


class Load(Report):
    def __init__(self, args):
        super().__init__()
        self.args = args
        self.binary = args.binary
        env = psql_env(args.pgpass)
        self.servers = []
        with open(args.servers) as handle:
            for line in handle:
                if not line.strip():
                    continue
                index, port, socket, octet, log, *rest = line.rstrip("\n").split("\t")
                tcp_port = int(rest[0]) if rest else None
                self.servers.append(Server(int(index), int(port), socket, int(octet), log, args.addresses, args.psql, env,
                                           tcp_port))
        self.specs = make_specs(args.specs, self.servers)
        self.names = {spec.name for spec in self.specs}
        self.daemon = Daemon(self.binary, args.work, args.pids)
        self.proxies = proxy_pids(args.proxy_pids)  # the delay proxies of --rtt-ms, if any
        self.findings = []  # what did not go as expected, also listed at the end

    def finding(self, text):
        self.findings.append(text)
        progress(f"NOTE: {text}")

    # ----------------------------------------------------------------------------------------
    def poll(self, phase, t0, done, timeout, sampler):
        """Runs `steward list --output json` at most every 500 ms until `done(records)` holds
        for our integrations or `timeout` passes. Returns a dict of what it saw."""
        seen = {"first": {}, "errors": collections.defaultdict(set), "messages": collections.Counter(),
                "list_times": [], "list_failures": collections.Counter(), "done_at": None, "last": {},
                "polls": 0, "list_cpu": 0.0, "own_cpu": 0.0}
        own0 = own_cpu()
        last_report = t0
        while True:
            start = time.monotonic()
            self.daemon.check_alive()
            if sampler.failure:
                raise LoadError(f"the steward get sampler failed: {sampler.failure}")
            try:
                elapsed, result = self.daemon.cli("list", "--output", "json")
            except subprocess.TimeoutExpired:
                elapsed, result = CLI_TIMEOUT, None
            now = time.monotonic()
            seen["polls"] += 1
            seen["list_times"].append(elapsed)
            sampler.threads_peak = max(sampler.threads_peak, self.daemon.threads())
            if result is not None:
                seen["list_cpu"] += result.cpu
            if result is None:
                seen["list_failures"]["timeout"] += 1
            elif result.returncode != 0:
                seen["list_failures"][f"exit {result.returncode}: {result.stderr.strip()[:160]}"] += 1
            else:
                records = {r["name"]: r for r in json.loads(result.stdout) if r.get("name") in self.names}
                seen["last"] = records
                counts = collections.Counter(r["status"] for r in records.values())
                for status in counts:
                    seen["first"].setdefault(status, now - t0)
                for name, record in records.items():
                    if record["status"] in ERROR_STATUSES:
                        seen["errors"][record["status"]].add(name)
                        seen["messages"][(record["status"], (record.get("lastError") or "")[:200])] += 1
                if done(records):
                    seen["done_at"] = now - t0
                    seen["own_cpu"] = own_cpu() - own0
                    return seen
                if now - last_report >= 5:
                    last_report = now
                    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
                    progress(f"{phase}: {now - t0:5.1f} s: {summary or 'no records yet'}")
            if now - t0 > timeout:
                seen["own_cpu"] = own_cpu() - own0
                return seen
            time.sleep(max(0.0, POLL_INTERVAL - (time.monotonic() - start)))

    def check_catalog(self, phase, listed=None):
        """Every server's databases and roles against the specs: each managed database and system
        account exactly once, on its own server; anything else is unexpected. With `listed`
        (steward list's records), also each record's system account and host, and each managed
        database's ownership marker."""
        expected = {}  # (kind, name) → server index
        for spec in self.specs:
            expected[("database", spec.database)] = spec.server.index
            expected[("role", spec.account)] = spec.server.index
        found = collections.defaultdict(list)  # (kind, name) → [server index, …]
        for server in self.servers:
            databases, roles = server.catalog()
            for name in databases:
                found[("database", name)].append(server.index)
            for name in roles:
                found[("role", name)].append(server.index)
        result = {
            "missing": sorted(k for k in expected if k not in found),
            "duplicated": sorted(k for k, where in found.items() if len(where) > 1),
            "misplaced": sorted(k for k, where in found.items() if k in expected and expected[k] not in where),
            "unexpected": sorted(k for k in found if k not in expected),
            "databases": sum(len(w) for k, w in found.items() if k[0] == "database"),
            "roles": sum(len(w) for k, w in found.items() if k[0] == "role"),
            "found": found,
        }
        if listed is not None:
            wrong = []
            for spec in self.specs:
                record = listed.get(spec.name)
                if record is None:
                    wrong.append(f"{spec.name}: not listed")
                    continue
                config = record.get("config") or {}
                if record.get("systemAccount") != spec.account:
                    wrong.append(f"{spec.name}: systemAccount {record.get('systemAccount')!r}, expected {spec.account!r}")
                if config.get("host") != spec.host or config.get("port") != spec.server.tcp_port \
                        or config.get("database") != spec.database:
                    wrong.append(f"{spec.name}: listed as {config.get('host')}:{config.get('port')}/{config.get('database')}")
            result["list_mismatches"] = wrong
            result["markers"], result["marker_problems"] = self.check_markers(found)
        return result

    def check_markers(self, found):
        """Connects to each managed database that exists (one psql per server, \\connect over
        the Unix socket) and reads its ownership marker: one row naming the integration and its
        system account."""
        good, problems = 0, []
        by_server = collections.defaultdict(list)
        for spec in self.specs:
            if spec.server.index in found.get(("database", spec.database), []):
                by_server[spec.server.index].append(spec)
        for server in self.servers:
            mine = by_server.get(server.index, [])
            if not mine:
                continue
            lines = []
            for spec in mine:
                lines.append(f"\\connect {spec.database}")
                lines.append("SELECT current_database(), integration_name, system_user_name, "
                             "coalesce(impersonation_role, '') FROM immuta_system.steward_marker;")
            rows, errors = server.script("\n".join(lines) + "\n")
            problems += [f"server {server.index + 1}: {e}" for e in errors[:5]]
            by_database = collections.defaultdict(list)
            for row in rows:
                by_database[row[0]].append(row[1:])
            for spec in mine:
                markers = by_database.get(spec.database, [])
                if markers == [[spec.name, spec.account, ""]]:
                    good += 1
                else:
                    problems.append(f"{spec.database}: marker rows {markers}")
        return good, problems

    def describe_errors(self, seen):
        if not seen["errors"]:
            return "none"
        return ", ".join(f"{status} × {len(names)}" for status, names in sorted(seen["errors"].items()))

    def store_figures(self, after_id, wall0, wanted):
        """From the store's transitions after `after_id`: seconds from `wall0` (the first
        rename or removal, wall clock) to the first and the last integration reaching `wanted`,
        the time to half and 90 % of them, transitions by status, and the highest id."""
        rows = self.daemon.transitions(after_id)
        reached = {}
        by_status = collections.Counter()
        for _, name, status, at in rows:
            if name not in self.names:
                continue
            by_status[status] += 1
            if status == wanted and name not in reached:
                reached[name] = utc_seconds(at) - wall0
        times = sorted(reached.values())
        figures = {"count": len(times), "by_status": by_status, "last_id": max((r[0] for r in rows), default=after_id)}
        if times:
            figures.update(first=times[0], last=times[-1], half=percentile(times, 0.5), p90=percentile(times, 0.9))
        return figures

    def get_figures(self, samples):
        if not samples:
            raise LoadError("no steward get samples were taken")
        times = [t for t, *_ in samples]
        codes = collections.Counter(code for _, code, *_ in samples)
        cpus = [cpu for _, _, cpu, _ in samples if cpu is not None]
        slow = [(t, cpu, sw) for t, _, cpu, sw in samples if cpu is not None and t > GET_TARGET]
        return {
            "n": len(times), "median": statistics.median(times), "p90": percentile(times, 0.9),
            "p99": percentile(times, 0.99), "max": max(times), "over": sum(1 for t in times if t > GET_TARGET),
            "codes": codes, "cpu_median": statistics.median(cpus) if cpus else None,
            "slow_wait": statistics.median(t - cpu for t, cpu, _ in slow) if slow else None,
            "slow_switches": (statistics.median(sw[0] for _, _, sw in slow), statistics.median(sw[1] for _, _, sw in slow))
            if slow else None,
            "all_switches": (statistics.median(sw[0] for _, _, _, sw in samples), statistics.median(sw[1] for _, _, _, sw in samples)),
        }

    def describe_get(self, figures):
        return (f"{figures['n']} samples: {ms(figures['median'])} / {ms(figures['p90'])} / "
                f"{ms(figures['p99'])} / {ms(figures['max'])}")

    # ----------------------------------------------------------------------------------------
    def run(self):
        started = time.monotonic()
        header = self.header()
        daemon, sampler = self.daemon, None
        n = len(self.specs)
        try:
            # Floors: process start-up, and `get` against the idle daemon's empty store.
            daemon.start()
            progress(f"steward ready (pid {daemon.pid}); spec folder {daemon.spec_dir}")
            version_runs = [run_timed([self.binary, "--version"]) for _ in range(20)]
            version_times = [t for t, _ in version_runs]
            idle_runs = [daemon.cli("get", self.specs[0].name) for _ in range(20)]
            idle_get = [t for t, _ in idle_runs]
            idle_cpu = statistics.median(r.cpu for _, r in idle_runs)

            for server in self.servers:
                server.mark_log()
            staged = []
            for spec in self.specs:
                temp = os.path.join(daemon.spec_dir, f".{spec.name}.yaml.tmp")
                with open(temp, "w") as handle:
                    handle.write(spec.text(self.args.password_file))
                staged.append((temp, os.path.join(daemon.spec_dir, f"{spec.name}.yaml")))
            target = self.specs[n // 2].name
            sampler = GetSampler(daemon, target)
            cpu_ready = daemon.cpu_seconds()
            servers_cpu0 = sum(s.cpu_seconds() for s in self.servers)
            proxies_cpu0 = proxy_cpu_seconds(self.proxies)

            # --- creation ---------------------------------------------------------------------
            print(f"creation: {n} files renamed into the folder at once → all enabled", file=sys.stderr, flush=True)
            sampler.phase = "create"
            sampler.start()
            create_timeout = max(300.0, 2.0 * n)
            wall0 = time.time()
            t0 = time.monotonic()
            for temp, final in staged:
                os.rename(temp, final)
            renamed = time.monotonic() - t0
            created = self.poll("creation", t0, lambda records: len(records) == n and all(
                r["status"] == "enabled" for r in records.values()), create_timeout, sampler)
            sampler.phase = "verify"
            cpu_created = daemon.cpu_seconds()
            servers_cpu_create = sum(s.cpu_seconds() for s in self.servers) - servers_cpu0
            proxies_cpu_create = proxy_cpu_seconds(self.proxies) - proxies_cpu0
            status_created = daemon.proc_status()
            sizes_created = daemon.store_sizes()
            if created["done_at"] is None:
                counts = collections.Counter(r["status"] for r in created["last"].values())
                self.finding(f"creation did not converge within {create_timeout:.0f} s: "
                             + ", ".join(f"{c} {s}" for s, c in sorted(counts.items())))
            progress(f"creation: all {n} enabled after {secs(created['done_at'])}" if created["done_at"] else
                     "creation: not converged")
            store_create = self.store_figures(0, wall0, "enabled")
            server_problems_create = {s.index: s.log_problems() for s in self.servers}
            checkpoints_create = [s.checkpoints() for s in self.servers]

            # --- the catalog after creation ---------------------------------------------------
            catalog = self.check_catalog("creation", listed=created["last"])
            progress(f"catalog: {catalog['databases']} databases, {catalog['roles']} roles, "
                     f"{catalog['markers']} markers as expected")

            # --- deletion ---------------------------------------------------------------------
            for server in self.servers:
                server.mark_log()
            print(f"deletion: {n} files removed at once → all deleted", file=sys.stderr, flush=True)
            time.sleep(1.0)
            sampler.phase = "delete"
            cpu_before_delete = daemon.cpu_seconds()
            servers_cpu1 = sum(s.cpu_seconds() for s in self.servers)
            proxies_cpu1 = proxy_cpu_seconds(self.proxies)
            delete_timeout = max(300.0, 2.0 * n)
            wall1 = time.time()
            t1 = time.monotonic()
            for _, final in staged:
                os.unlink(final)
            removed = time.monotonic() - t1
            deleted = self.poll("deletion", t1, lambda records: all(
                r["status"] == "deleted" for r in records.values()), delete_timeout, sampler)
            sampler.phase = "after"
            cpu_deleted = daemon.cpu_seconds()
            servers_cpu_delete = sum(s.cpu_seconds() for s in self.servers) - servers_cpu1
            proxies_cpu_delete = proxy_cpu_seconds(self.proxies) - proxies_cpu1
            if deleted["done_at"] is None:
                counts = collections.Counter(r["status"] for r in deleted["last"].values())
                self.finding(f"deletion did not converge within {delete_timeout:.0f} s: "
                             + ", ".join(f"{c} {s}" for s, c in sorted(counts.items())))
            progress(f"deletion: all {n} deleted after {secs(deleted['done_at'])}" if deleted["done_at"] else
                     "deletion: not converged")
            store_delete = self.store_figures(store_create["last_id"], wall1, "deleted")
            after = self.check_catalog("deletion")
            server_problems_delete = {s.index: s.log_problems() for s in self.servers}
            checkpoints_delete = [s.checkpoints() for s in self.servers]
            sampler.stop()
            final_status = daemon.proc_status()
            sizes_deleted = daemon.store_sizes()
            cpu_end = daemon.cpu_seconds()
            events = daemon.events()
            code = daemon.stop()
            if code != 0:
                self.finding(f"steward exited with {code} on SIGTERM (expected 0)")
        finally:
            if sampler is not None and sampler.is_alive():
                sampler.stop()
            daemon.stop()

        # --- the figures --------------------------------------------------------------------
        servers = len(self.servers)
        self.row(f"{n} files renamed at once → all enabled (steward list every 500 ms)",
                 secs(created["done_at"]) if created["done_at"] is not None else "NOT CONVERGED")
        self.row("    first enabled (polled)", secs(created["first"]["enabled"]) if "enabled" in created["first"] else "never")
        if "last" in store_create:
            self.row("    from the store's transition times: first / half / 90 % / all enabled",
                     f"{secs(store_create['first'])} / {secs(store_create['half'])} / "
                     f"{secs(store_create['p90'])} / {secs(store_create['last'])}"
                     + ("" if store_create["count"] == n else f" ({store_create['count']} of {n})"))
        self.row("    integrations seen in an error status on the way (polled)", self.describe_errors(created))
        error_transitions = {s: c for s, c in store_create["by_status"].items() if s in ERROR_STATUSES}
        self.row("    transitions to an error status (store)",
                 ", ".join(f"{s} × {c}" for s, c in sorted(error_transitions.items())) or "none")

        create_get = self.get_figures(sampler.of("create"))
        verdict = "met" if create_get["p99"] <= GET_TARGET else "MISSED"
        self.row("steward get during creation: median / p90 / p99 / max", self.describe_get(create_get),
                 "p99 ≤ 60 ms", verdict)
        self.row("    samples over 60 ms", f"{create_get['over']} of {create_get['n']}")
        delete_samples = sampler.of("delete")
        if delete_samples:
            delete_get = self.get_figures(delete_samples)
            self.row("steward get during deletion: median / p90 / p99 / max", self.describe_get(delete_get),
                     "p99 ≤ 60 ms", "met" if delete_get["p99"] <= GET_TARGET else "MISSED")
            self.row("    samples over 60 ms", f"{delete_get['over']} of {delete_get['n']}")
        self.row("    floors: steward --version / get on the idle, empty store (median of 20)",
                 f"{ms(statistics.median(version_times))} / {ms(statistics.median(idle_get))}")

        ok = not (catalog["missing"] or catalog["duplicated"] or catalog["misplaced"] or catalog["unexpected"]
                  or catalog["list_mismatches"] or catalog["marker_problems"]) and catalog["markers"] == n
        self.row("catalog after creation: databases / system accounts / markers",
                 f"{catalog['databases']} / {catalog['roles']} / {catalog['markers']} on {servers} servers; "
                 f"{len(catalog['missing'])} missing, {len(catalog['duplicated'])} duplicated, "
                 f"{len(catalog['unexpected'])} unexpected",
                 f"{n} / {n} / {n}, each once", "met" if ok else "MISSED")

        self.row(f"{n} files removed at once → all deleted (steward list every 500 ms)",
                 secs(deleted["done_at"]) if deleted["done_at"] is not None else "NOT CONVERGED")
        if "last" in store_delete:
            self.row("    from the store's transition times: first / half / 90 % / all deleted",
                     f"{secs(store_delete['first'])} / {secs(store_delete['half'])} / "
                     f"{secs(store_delete['p90'])} / {secs(store_delete['last'])}"
                     + ("" if store_delete["count"] == n else f" ({store_delete['count']} of {n})"))
        self.row("    integrations seen in an error status on the way (polled)", self.describe_errors(deleted))
        orphans = after["databases"] + after["roles"]
        self.row("catalog after deletion: orphaned databases / roles", f"{after['databases']} / {after['roles']}",
                 "0", "met" if orphans == 0 else "MISSED")

        self.row("daemon peak RSS (VmHWM at the end)", megabytes(final_status["VmHWM"]))
        self.row("daemon CPU (utime + stime): creation / deletion / whole run",
                 f"{cpu_created - cpu_ready:.1f} s / {cpu_deleted - cpu_before_delete:.1f} s / {cpu_end:.1f} s")
        self.row("daemon threads, peak sampled (every 200 ms)", str(sampler.threads_peak))

        # --- details ------------------------------------------------------------------------
        self.detail(f"specs: {n} files load-0001 … over {servers} servers, round-robin over (server, address): "
                    f"spec i → server i mod {servers}, address 127.(10+server).0.(1 + i div {servers}); "
                    f"{math.ceil(n / servers)} per server at most; each server listens on {self.args.addresses} addresses")
        self.detail(f"creation: {n} renames took {ms(renamed)}; first status seen per kind (polled): "
                    + ", ".join(f"{s} {secs(t)}" for s, t in sorted(created["first"].items(), key=lambda x: x[1])))
        self.detail(f"    transitions (store): " + ", ".join(f"{s} × {c}" for s, c in sorted(store_create["by_status"].items())))
        self.detail(f"    daemon after creation: VmHWM {status_created['VmHWM']} kB, VmRSS {status_created['VmRSS']} kB, "
                    f"{status_created['Threads']} threads")
        for phase, (database, wal) in (("creation", sizes_created), ("deletion", sizes_deleted)):
            self.detail(f"    store after {phase}: steward.sqlite {database / 1e6:.1f} MB, steward.sqlite-wal {wal / 1e6:.1f} MB")
        for (status, message), count in created["messages"].most_common(5):
            self.detail(f"    {status} (seen in {count} polls): {message}")
        self.detail(f"deletion: {n} removals took {ms(removed)}; first status seen per kind (polled): "
                    + ", ".join(f"{s} {secs(t)}" for s, t in sorted(deleted["first"].items(), key=lambda x: x[1])))
        self.detail(f"    transitions (store): " + ", ".join(f"{s} × {c}" for s, c in sorted(store_delete["by_status"].items())))
        for (status, message), count in deleted["messages"].most_common(5):
            self.detail(f"    {status} (seen in {count} polls): {message}")
        for phase, seen in (("creation", created), ("deletion", deleted)):
            times = seen["list_times"]
            if times:
                self.detail(f"steward list --output json during {phase}: {seen['polls']} polls, median {ms(statistics.median(times))}, "
                            f"max {ms(max(times))}" + (f"; failures: {dict(seen['list_failures'])}" if seen["list_failures"] else ""))
        self.detail(f"steward get on the idle daemon (floor): median {ms(statistics.median(idle_get))} wall, "
                    f"{ms(idle_cpu)} CPU (user + system) of the get process itself")
        for label, figures in (("creation", create_get), ("deletion", delete_get if delete_samples else None)):
            if figures:
                codes = ", ".join(f"exit {c} × {k}" for c, k in sorted(figures["codes"].items(), key=str))
                self.detail(f"steward get {target} during {label}: {codes} (exit 1: not recorded yet); "
                            f"its own CPU median {ms(figures['cpu_median'])}, context switches median "
                            f"{figures['all_switches'][0]:.0f} voluntary, {figures['all_switches'][1]:.0f} involuntary")
                if figures["slow_wait"] is not None:
                    self.detail(f"    the {figures['over']} samples over 60 ms: median wall − own CPU {ms(figures['slow_wait'])}, "
                                f"context switches median {figures['slow_switches'][0]:.0f} voluntary, "
                                f"{figures['slow_switches'][1]:.0f} involuntary")
        self.detail("    get's time is spawn → exit of the process, measured from Python (fork/exec and reading "
                    "its output included); the CPU figures are the child's rusage (wait4)")
        if catalog["missing"] or catalog["duplicated"] or catalog["misplaced"] or catalog["unexpected"]:
            for key in ("missing", "duplicated", "misplaced", "unexpected"):
                if catalog[key]:
                    self.detail(f"catalog after creation, {key}: " + ", ".join(f"{k} {v}" for k, v in catalog[key][:20]))
        for problem in (catalog["list_mismatches"] + catalog["marker_problems"])[:20]:
            self.detail(f"catalog after creation: {problem}")
        if orphans:
            self.finding(f"orphans after deletion: {after['databases']} databases, {after['roles']} roles")
            self.detail("orphans after deletion: " + ", ".join(f"{k} {v} on server {w}" for (k, v), w in
                                                               sorted(after["found"].items())[:30]))
        for phase, problems in (("creation", server_problems_create), ("deletion", server_problems_delete)):
            merged = collections.Counter()
            for counter in problems.values():
                merged.update(counter)
            if merged:
                self.detail(f"server logs during {phase}: " + "; ".join(f"{c} × {m}" for m, c in merged.most_common(6)))
            else:
                self.detail(f"server logs during {phase}: no ERROR/FATAL lines")
        cpus = len(os.sched_getaffinity(0))
        for phase, seen, samples, daemon_cpu, servers_cpu, proxies_cpu in (
                ("creation", created, sampler.of("create"), cpu_created - cpu_ready, servers_cpu_create, proxies_cpu_create),
                ("deletion", deleted, delete_samples, cpu_deleted - cpu_before_delete, servers_cpu_delete, proxies_cpu_delete)):
            get_cpu = sum(cpu for _, _, cpu, _ in samples if cpu is not None)
            wall = seen["done_at"] if seen["done_at"] is not None else max(seen["list_times"] or [0])
            proxies = f", their {len(self.proxies)} delay proxies {proxies_cpu:.1f} s" if self.proxies else ""
            self.detail(f"CPU during {phase} ({secs(wall)} × {cpus} CPUs = {wall * cpus:.0f} CPU-seconds): the daemon {daemon_cpu:.1f} s, "
                        f"the {servers} PostgreSQL servers {servers_cpu:.1f} s{proxies}; the measurement itself: steward list "
                        f"{seen['list_cpu']:.1f} s, steward get {get_cpu:.1f} s, load.py {seen['own_cpu']:.1f} s")
        for phase, figures in (("creation", checkpoints_create), ("deletion", checkpoints_delete)):
            count = sum(f[0] for f in figures)
            forced = sum(f[1] for f in figures)
            total_s = sum(f[2] for f in figures)
            longest = max((f[3] for f in figures), default=0.0)
            self.detail(f"checkpoints during {phase} (all servers, from their logs): {count} completed, {forced} requested "
                        f"'immediate force wait' (DROP DATABASE requests one); {total_s:.1f} s in all, the longest {longest:.1f} s")
        levels = collections.Counter(e.get("level") for e in events)
        kinds = collections.Counter(e.get("metadata", {}).get("steward.event", "?") for e in events
                                    if e.get("level") in ("warning", "error", "critical"))
        self.detail(f"daemon log: {len(events)} lines; by level: " + ", ".join(f"{k} {v}" for k, v in sorted(levels.items(), key=str))
                    + (("; warnings and errors by event: " + ", ".join(f"{k} × {v}" for k, v in kinds.most_common()))
                       if kinds else ""))
        resyncs = [e for e in events if e.get("metadata", {}).get("steward.event") == "rescan"]
        self.detail(f"    rescans: {len(resyncs)} ({', '.join(e.get('metadata', {}).get('steward.reason', '?') for e in resyncs)})")
        self.detail(f"    daemon: default settings (4 workers, resync 10 min, backoff 1 s … 5 min); exit status on SIGTERM {code}")
        if self.findings:
            self.detail("")
            self.detail("Findings")
            for text in self.findings:
                self.detail(f"- {text}")

        self.write_report(self.args.report, header, "measurement", time.monotonic() - started)

    def header(self):
        pg = self.servers[0].query("SHOW server_version")[0][0]
        return [
            f"Steward load benchmark: {len(self.specs)} specs over {len(self.servers)} servers, "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
            f"steward {steward_version(self.binary)}; PostgreSQL {pg} × {len(self.servers)} (defaults, fsync on, "
            f"max_connections 100; see Benchmarks/README.md); data on {filesystem(self.args.work)}",
            network_line(self.args.rtt_ms),
            machine(),
        ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--specs", type=int, required=True)
    parser.add_argument("--servers", required=True,
                        help="tab-separated: index, port, socket folder, second octet, log[, port the specs name]")
    parser.add_argument("--addresses", type=int, required=True, help="loopback addresses per server")
    parser.add_argument("--work", required=True)
    parser.add_argument("--pids", required=True)
    parser.add_argument("--password-file", required=True)
    parser.add_argument("--pgpass", required=True)
    parser.add_argument("--psql", required=True)
    parser.add_argument("--report", required=True)
    add_network_arguments(parser)
    args = parser.parse_args()
    return run_main("load.py", lambda: Load(args).run())


if __name__ == "__main__":
    sys.exit(main())
