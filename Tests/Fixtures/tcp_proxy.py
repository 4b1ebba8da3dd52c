#!/usr/bin/env python3
"""A loopback TCP proxy for fault tests: forwards LISTEN_PORT to TARGET_PORT on 127.0.0.1.

usage: tcp_proxy.py LISTEN_PORT TARGET_PORT [--latency-ms N]
Runs until killed. Never connects anywhere but 127.0.0.1.
"""
import asyncio
import sys


async def pipe(reader, writer, latency):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if latency:
                await asyncio.sleep(latency)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
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
        await asyncio.gather(pipe(client_reader, server_writer, latency), pipe(server_reader, client_writer, latency))

    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    print("listening", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
