#!/usr/bin/env python3
"""A loopback TCP proxy for fault tests: forwards LISTEN_PORT to TARGET_PORT on 127.0.0.1.

usage: tcp_proxy.py LISTEN_PORT TARGET_PORT [--latency-ms N] [--hosts 127.0.0.1,127.0.0.2,...]
Runs until killed. Never connects anywhere but 127.0.0.1.

--latency-ms N delays every byte by N ms in each direction (a round trip of 2N ms), as a network
does: a delay line, not a pause per read, so data sent back to back (a pipeline) arrives back to
back N ms later, and throughput is not divided by the delay.

SIGUSR1 cuts every open connection at once (both sides reset, whatever is in flight, as a
network fault mid-statement would) and prints "cut N" to stdout; new connections still work.
When no connection is open, SIGUSR1 arms the cut instead: the next connection is cut as soon as
the server has answered it once (mid-session), so a signal sent while the client was idle is not
lost. Each accepted connection prints "open" (a test waits for the first before it starts cutting).
"""
import asyncio
import signal
import sys

OPEN = set()
ARMED = [False]


async def pipe(reader, writer, latency, after_write=None):
    """Copies reader to writer; with a latency, each chunk leaves `latency` seconds after it came."""
    loop = asyncio.get_running_loop()
    line = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await line.get()
            if data is None:
                return
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
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
            line.put_nowait((loop.time() + latency, data))
        line.put_nowait((loop.time() + latency, None))
        await sender
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        sender.cancel()
        writer.close()


async def main():
    listen_port, target_port = int(sys.argv[1]), int(sys.argv[2])
    latency = 0.0
    if "--latency-ms" in sys.argv:
        latency = int(sys.argv[sys.argv.index("--latency-ms") + 1]) / 1000.0

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
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
            await asyncio.gather(pipe(client_reader, server_writer, latency),
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

    asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, cut_all)

    hosts = ["127.0.0.1"]
    if "--hosts" in sys.argv:
        hosts = sys.argv[sys.argv.index("--hosts") + 1].split(",")
    if not all(host.startswith("127.") for host in hosts):
        sys.exit("tcp_proxy.py: loopback addresses only")
    server = await asyncio.start_server(handle, hosts, listen_port)
    print("listening", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
