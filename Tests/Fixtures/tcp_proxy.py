#!/usr/bin/env python3
"""A loopback TCP proxy for fault tests and benchmarks: forwards LISTEN_PORT to TARGET_PORT.

usage: tcp_proxy.py LISTEN_PORT TARGET_PORT [--latency-ms N] [--hosts 127.0.0.1,127.0.0.2,...]
                    [--target-host 127.0.0.1] [--handshake]
Runs until killed. It listens on every address of --hosts (default 127.0.0.1) at LISTEN_PORT and
connects to --target-host (default 127.0.0.1) at TARGET_PORT, nowhere else; every one of these
addresses must be a loopback address (127.0.0.0/8 or ::1). A bad argument, or a listen address
whose port cannot be bound, ends it at once with a message on stderr and exit status 2. Once all
are bound it prints "listening".

--latency-ms N delays every byte by N ms (fractions allowed: 0.5) in each direction (a round trip
of 2N ms), as a network does: a delay line, not a pause per read, so data sent back to back (a
pipeline) arrives back to back N ms later, and throughput is not divided by the delay. Each chunk
is due at a deadline on the event loop's clock; the loop waits in select() (microseconds) rather
than in epoll_wait() (whole milliseconds, which would make every chunk up to 1 ms late).

--handshake also makes each connection cost the round trip of TCP's handshake: a client's
connect() returns at once on loopback, where on a network it returns one round trip later, so
the first bytes the client sends are held until 2N ms after the connection was accepted (then
delayed N ms like all others). Without --latency-ms it does nothing.

SIGUSR1 cuts every open connection at once (both sides reset, whatever is in flight, as a
network fault mid-statement would) and prints "cut N" to stdout; new connections still work.
When no connection is open, SIGUSR1 arms the cut instead: the next connection is cut as soon as
the server has answered it once (mid-session), so a signal sent while the client was idle is not
lost. Each accepted connection prints "open" (a test waits for the first before it starts cutting).
"""
import argparse
import asyncio
import ipaddress
import math
import select
import selectors
import signal
import socket
import sys

OPEN = set()
ARMED = [False]


def fail(message):
    print(f"tcp_proxy.py: {message}", file=sys.stderr, flush=True)
    sys.exit(2)


def loopback(address):
    """Whether `address` is a loopback IP address (127.0.0.0/8 or ::1); names are not resolved."""
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def endpoint(host, port):
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def listening_sockets(hosts, port):
    """One listening socket per host, all bound before any connection is accepted; exits with 2
    naming the first host:port that cannot be bound."""
    sockets = []
    for host in hosts:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        # IPPROTO_TCP, as getaddrinfo() gives it: asyncio sets TCP_NODELAY only on sockets that
        # say so, and accepted sockets inherit it (with Nagle on, small writes wait up to 40 ms).
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as asyncio does; never shares a listening port
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind((host, port))
            sock.listen(128)
        except OSError as error:
            sock.close()
            for other in sockets:
                other.close()
            fail(f"cannot listen on {endpoint(host, port)}: {error.strerror or error}")
        sock.setblocking(False)
        sockets.append(sock)
    return sockets


if hasattr(selectors, "EpollSelector"):
    class PreciseEpollSelector(selectors.EpollSelector):
        """epoll_wait() counts its timeout in whole milliseconds (Python rounds it up), which
        would make every timer of the delay line up to 1 ms late. The wait goes through select()
        on the epoll descriptor instead, which counts in microseconds and returns as soon as
        anything registered is ready; epoll then reports what is ready without waiting."""

        def select(self, timeout=None):
            if timeout is not None and timeout > 0:
                select.select([self.fileno()], [], [], timeout)
                timeout = 0
            return super().select(timeout)

    def new_event_loop():
        return asyncio.SelectorEventLoop(PreciseEpollSelector())
else:  # kqueue (macOS, BSD) already counts its timeout in nanoseconds
    def new_event_loop():
        return asyncio.new_event_loop()


# How early to wake for a chunk's deadline. A wakeup comes late by the kernel's timer slack and the
# time the scheduler and the event loop take (about 0.2 ms on an idle virtual machine); waking that
# much early makes chunks leave on time on average instead of always late. Learned from the
# lateness of the timers themselves, never more than MAX_EARLY.
EARLY = [0.0]
MAX_EARLY = 0.0005


async def pipe(reader, writer, latency, after_write=None, hold_until=0.0):
    """Copies reader to writer; with a latency, each chunk leaves `latency` seconds after it came
    (or after `hold_until`, on the loop's clock, if it came earlier)."""
    loop = asyncio.get_running_loop()
    line = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await line.get()
            if data is None:
                return
            ahead = due - loop.time()
            if ahead > 0:
                if ahead > EARLY[0]:
                    await asyncio.sleep(ahead - EARLY[0])
                # A small step towards leaving on time: a stall of the whole machine moves it by
                # 0.05 ms at most, and the next chunks move it back.
                late = loop.time() - due
                EARLY[0] = min(MAX_EARLY, max(0.0, EARLY[0] + 0.1 * min(max(late, -0.0005), 0.0005)))
            writer.write(data)
            await writer.drain()
            if after_write:
                after_write()

    sender = asyncio.ensure_future(deliver())
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            line.put_nowait((max(loop.time(), hold_until) + latency, data))
        line.put_nowait((max(loop.time(), hold_until) + latency, None))
        await sender
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        sender.cancel()
        writer.close()


def parse_arguments():
    parser = argparse.ArgumentParser(prog="tcp_proxy.py", description=__doc__.splitlines()[0])
    parser.add_argument("listen_port", type=int, metavar="LISTEN_PORT")
    parser.add_argument("target_port", type=int, metavar="TARGET_PORT")
    parser.add_argument("--latency-ms", type=float, default=0.0, metavar="N",
                        help="delay in each direction, in milliseconds (a round trip costs 2N)")
    parser.add_argument("--hosts", default="127.0.0.1", metavar="A,B,...", help="loopback addresses to listen on")
    parser.add_argument("--target-host", default="127.0.0.1", metavar="H", help="loopback address to connect to")
    parser.add_argument("--handshake", action="store_true",
                        help="hold a client's first bytes one round trip (2N ms), as TCP's handshake costs")
    args = parser.parse_args()
    if not math.isfinite(args.latency_ms) or args.latency_ms < 0:
        fail(f"--latency-ms must be a number of milliseconds, 0 or more (got {args.latency_ms:g})")
    for port in (args.listen_port, args.target_port):
        if not 0 < port < 65536:
            fail(f"not a TCP port: {port}")
    args.hosts = [host.strip() for host in args.hosts.split(",") if host.strip()]
    if not args.hosts:
        fail("--hosts names no address")
    for host in args.hosts:
        if not loopback(host):
            fail(f"loopback addresses only (127.0.0.0/8 or ::1): cannot listen on {host!r}")
    if not loopback(args.target_host):
        fail(f"loopback addresses only (127.0.0.0/8 or ::1): --target-host {args.target_host!r} refused")
    return args


async def main(args, sockets):
    latency = args.latency_ms / 1000.0
    handshake = 2 * latency if args.handshake else 0.0
    loop = asyncio.get_running_loop()

    async def handle(client_reader, client_writer):
        accepted = loop.time()
        client_writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            server_reader, server_writer = await asyncio.open_connection(args.target_host, args.target_port)
        except OSError:
            client_writer.close()
            return
        pair = (client_writer, server_writer)
        OPEN.add(pair)
        print("open", flush=True)

        def cut_if_armed():
            if ARMED[0] and pair in OPEN:
                ARMED[0] = False
                OPEN.discard(pair)
                for writer in pair:
                    writer.transport.abort()
                print("cut 1", flush=True)

        try:
            await asyncio.gather(pipe(client_reader, server_writer, latency, hold_until=accepted + handshake),
                                 pipe(server_reader, client_writer, latency, cut_if_armed))
        finally:
            OPEN.discard(pair)

    def cut_all():
        pairs = list(OPEN)
        if not pairs:
            ARMED[0] = True
            print("armed", flush=True)
            return
        OPEN.clear()
        for pair in pairs:
            for writer in pair:
                writer.transport.abort()
        print(f"cut {len(pairs)}", flush=True)

    loop.add_signal_handler(signal.SIGUSR1, cut_all)

    servers = [await asyncio.start_server(handle, sock=sock) for sock in sockets]
    print("listening", flush=True)
    await asyncio.gather(*(server.serve_forever() for server in servers))


def run():
    args = parse_arguments()
    sockets = listening_sockets(args.hosts, args.listen_port)
    loop = new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(main(args, sockets))
    finally:
        loop.close()


if __name__ == "__main__":
    run()
