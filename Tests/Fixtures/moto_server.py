#!/usr/bin/env python3
"""moto (AWS service mocks) in server mode for tests, on 127.0.0.1 only.

usage: moto_server.py

Serves every moto service (STS, Redshift, ...) on one port chosen by the system and prints
that port on stdout once listening. Exits when its parent exits, so a crashed test run
leaves nothing behind. Needs `pip install 'moto[server]'`.
"""
import os
import sys
import time

from moto.server import ThreadedMotoServer


def main():
    parent = os.getppid()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    print(server.get_host_and_port()[1], flush=True)
    while os.getppid() == parent:
        time.sleep(0.5)
    server.stop()


if __name__ == "__main__":
    sys.exit(main())
