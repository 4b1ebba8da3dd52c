"""What the measuring halves of the benchmarks, Benchmarks/bench.py and Benchmarks/load.py,
share (standard library only): figures as text, /proc readings, the network (--rtt-ms), the spec
file, psql's environment, the `steward run` daemon's process and the report.
"""

import calendar
import math
import os
import platform
import signal
import sqlite3
import subprocess
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


class Failure(Exception):
    """A benchmark cannot go on: its script prints the message and exits with 1."""


def progress(message):
    """An indented progress line on stderr (the report itself goes to stdout)."""
    print(f"    {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Figures as text
# --------------------------------------------------------------------------------------------


def ms(seconds):
    """Seconds shown in whole milliseconds."""
    return f"{seconds * 1000:.0f} ms"


def secs(seconds, places=2):
    """Seconds shown with `places` decimals."""
    return f"{seconds:.{places}f} s"


def megabytes(kilobytes):
    """/proc's kB are KiB: shown in MB (10^6 bytes), with MiB beside."""
    return f"{kilobytes * 1024 / 1e6:.1f} MB ({kilobytes / 1024:.1f} MiB)"


def percentile(values, fraction):
    """Nearest rank: the smallest value with at least `fraction` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def utc_seconds(text):
    """A UTC time written `YYYY-MM-DD HH:MM:SS[.fff]` (the server log's %m, GRDB's datetime) as
    seconds since the epoch."""
    whole, _, fraction = text.partition(".")
    return calendar.timegm(time.strptime(whole, "%Y-%m-%d %H:%M:%S")) + (float("0." + fraction) if fraction else 0.0)


# --------------------------------------------------------------------------------------------
# The machine, PostgreSQL and the spec file
# --------------------------------------------------------------------------------------------


def loadavg():
    """The 1, 5 and 15 minute load averages, as /proc/loadavg writes them."""
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def machine():
    """The report's machine line: CPUs, memory, kernel and the load average now."""
    cpu_model = "unknown"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as handle:
        mem_kb = int(handle.readline().split()[1])
    return (f"{len(os.sched_getaffinity(0))} CPUs ({cpu_model}), {mem_kb / 1024 / 1024:.1f} GiB RAM, "
            f"Linux {platform.release()}; load average at start {loadavg()}")


def steward_version(binary):
    """What `steward --version` prints."""
    return subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()


def filesystem(path):
    """The type of the file system `path` is on (ext4, tmpfs, …), or `?`."""
    fs = subprocess.run(["df", "--output=fstype", path], capture_output=True, text=True).stdout.split()[-1:]
    return fs[0] if fs else "?"


# --------------------------------------------------------------------------------------------
# The network: plain loopback, or with --rtt-ms a delay proxy in front of every server
# --------------------------------------------------------------------------------------------


def add_server_arguments(parser, modes):
    """What bench.py and ha.py both take: the mode, the binary, the work folders and the private
    server (run.sh and ha.sh pass them through measure())."""
    parser.add_argument("--mode", choices=sorted(modes), default="full")
    parser.add_argument("--binary", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--pids", required=True)
    parser.add_argument("--port", type=int, required=True, help="the server's port (its Unix socket, for housekeeping)")
    parser.add_argument("--tcp-port", type=int, help="the port specs and timed psql connect to (default: --port)")
    parser.add_argument("--socket", required=True)
    parser.add_argument("--password-file", required=True)
    parser.add_argument("--pgpass", required=True)
    parser.add_argument("--psql", required=True)
    parser.add_argument("--server-log", required=True)
    add_network_arguments(parser)


def add_network_arguments(parser):
    """--rtt-ms and --proxy-pids, which the shell scripts' measure() passes to every measuring
    script."""
    parser.add_argument("--rtt-ms", type=float, default=0.0,
                        help="the round trip the delay proxy adds, in ms (0: plain loopback, no proxy)")
    parser.add_argument("--proxy-pids", help="file with the ids of the delay proxies, one a line")


def network_line(rtt_ms):
    """The report's `network:` line."""
    if not rtt_ms:
        return "network: loopback"
    return (f"network: loopback through a delay proxy, {rtt_ms:g} ms round trip ({rtt_ms / 2:g} ms each way; "
            f"a new connection costs one round trip more, as TCP's handshake does; Tests/Fixtures/tcp_proxy.py)")


def proxy_pids(path):
    """The ids of the delay proxies the shell script started (none without --rtt-ms)."""
    if not path or not os.path.exists(path):
        return []
    with open(path) as handle:
        return [int(line) for line in handle if line.strip()]


def proxy_cpu_seconds(pids):
    """CPU seconds (utime + stime) the delay proxies have used so far, all together."""
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += (int(fields[11]) + int(fields[12])) / CLK_TCK
    return total


def psql_env(pgpass):
    """psql's environment: the password comes from the pgpass file in the temporary folder, and
    nothing else of the caller's PG* environment may redirect it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(PGPASSFILE=pgpass, PGSSLMODE="disable", PGCONNECT_TIMEOUT="5")
    return env


def spec_text(host, port, database, password_file):
    """A spec for one integration on the private server, creating the managed database."""
    return (
        "type: Redshift\n"
        "autoBootstrap: true\n"
        "config:\n"
        f"  host: {host}\n"
        f"  port: {port}\n"
        f"  database: {database}\n"
        "  initialDatabase: postgres\n"
        "  impersonation: {enabled: false}\n"
        "  username: admin\n"
        f"  passwordFile: {password_file}\n"
        "  sslMode: disable\n"
        "  connectTimeout: 5\n"
        "deletionPolicy: Delete\n"
    )


# --------------------------------------------------------------------------------------------
# The daemon
# --------------------------------------------------------------------------------------------


class DaemonProcess:
    """A `steward run` daemon a benchmark started: its process, its log and its /proc figures.
    A subclass sets `log_path` (the daemon's output) and `state_dir` before `launch`."""

    proc = None

    def launch(self, command, pids, ready, timeout, waiting):
        """Starts `command` with its output appended to the log, records its id in the file
        `pids` (the shell script stops it by id if the benchmark could not) and waits until
        `ready()` holds; `waiting` says what a timeout missed ("log 'ready'")."""
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        with open(pids, "a") as handle:
            handle.write(f"{self.proc.pid}\n")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise Failure(f"steward exited with {self.proc.returncode} at start:\n{self.log_tail()}")
            if ready():
                return
            time.sleep(0.02)
        raise Failure(f"steward did not {waiting} within {timeout:.0f} s:\n{self.log_tail()}")

    def read_log(self):
        """The daemon's output so far, as bytes."""
        with open(self.log_path, "rb") as handle:
            return handle.read()

    def log_tail(self, lines=25):
        """The last lines of the daemon's output, for error messages."""
        return "\n".join(self.read_log().decode(errors="replace").splitlines()[-lines:])

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def check_alive(self):
        """Raises if the daemon has exited."""
        if not self.alive():
            raise Failure(f"steward exited with {self.proc.returncode}:\n{self.log_tail()}")

    def terminate(self, timeout, name="steward"):
        """SIGTERM and wait; returns the exit status (None if it never started). SIGKILL and a
        Failure naming `name` after `timeout` seconds."""
        if not self.alive():
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise Failure(f"{name} did not stop within {timeout:.0f} s of SIGTERM; killed")

    def open_store(self, timeout):
        """The daemon's SQLite store, read-only (WAL mode: a reader never blocks the daemon)."""
        path = os.path.join(self.state_dir, "steward.sqlite")
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout, isolation_level=None)

    # /proc figures
    def cpu_seconds(self):
        with open(f"/proc/{self.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime, all threads

    def proc_status(self):
        """VmHWM and VmRSS (kB) and Threads from /proc/PID/status."""
        values = {}
        with open(f"/proc/{self.pid}/status") as handle:
            for line in handle:
                key, _, rest = line.partition(":")
                if key in ("VmHWM", "VmRSS", "Threads"):
                    values[key] = int(rest.split()[0])
        return values


# --------------------------------------------------------------------------------------------
# The report and the script's end
# --------------------------------------------------------------------------------------------


class Report:
    """The table of figures, one row per measurement (what, measured, target, verdict), and the
    free text under it."""

    def __init__(self):
        self.rows = []
        self.details = []

    def row(self, what, measured, target="", verdict=""):
        self.rows.append((what, measured, target, verdict))

    def detail(self, text=""):
        self.details.append(text)

    def write_report(self, path, header, first_title, total):
        """Prints the header, the table (its first column titled `first_title`), the details and
        the total of `total` seconds, and writes the same to `path`."""
        titles = (first_title, "measured", "target", "")
        widths = [max([len(t)] + [len(r[i]) for r in self.rows]) for i, t in enumerate(titles)]
        line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
        out = header + ["", line(titles), line(["-" * w for w in widths])]
        out += [line(r) for r in self.rows]
        out += ["", "Details"] + self.details
        out += ["", f"total {total / 60:.1f} min; load average at end {loadavg()}"]
        report = "\n".join(out)
        print(report)
        with open(path, "w") as handle:
            handle.write(report + "\n")


def run_main(script, body):
    """Runs `body()` and returns the exit status: 0, 1 after a Failure (printed as
    `script: message`), 130 on Ctrl-C. SIGTERM (from the shell script's trap) unwinds like
    Ctrl-C, so the daemons are stopped, and exits with 143."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        body()
    except Failure as error:
        print(f"{script}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{script}: interrupted", file=sys.stderr)
        return 130
    return 0
