"""Gunicorn's settings for `make run`: ``gunicorn -c consult/devserver.py --bind H:P wsgi:app``.
`make run DEBUG=1` (flask run, which has no such hook) runs it first as a script:
``python consult/devserver.py HOST`` prints the same warning.

Loaded by gunicorn as a file, before the application: it imports nothing of the package.
Besides the access log on standard output, it warns when the development configuration
(demo accounts, a secret key kept on this disk, no HTTPS-only cookies) is served on an
address other people can reach.
"""
from __future__ import annotations

import ipaddress
import os
import socket
import sys

accesslog = "-"
# The control socket's default path is one per machine user: two checkouts' `make run`
# would take it from each other, and development has no use for it.
control_socket_disable = True

BAR = "!" * 78


def exposed_addresses(addresses: list[str]) -> list[str]:
    """The listening addresses that are not this machine's loopback."""
    exposed = []
    for address in addresses:
        try:
            if not ipaddress.ip_address(address).is_loopback:
                exposed.append(address)
        except ValueError:  # a unix socket's path: only this machine reaches it
            continue
    return exposed


def exposure_warning(addresses: list[str], environ=os.environ) -> str | None:
    if environ.get("CONSULT_ENV", "development") != "development":
        return None
    exposed = exposed_addresses(addresses)
    if not exposed:
        return None
    return "\n".join([
        BAR,
        f"WARNING: serving the development configuration on {', '.join(exposed)},",
        "reachable from other machines. Development is not made for that: the demo accounts'",
        "passwords are in this terminal, emails (with their reset links) are printed here",
        "instead of sent, and cookies go over plain HTTP. Serve on 127.0.0.1 (make run",
        "without HOST), or deploy with CONSULT_ENV=production behind HTTPS (README:",
        "Deploying with PostgreSQL and gunicorn).",
        BAR,
    ])


def when_ready(server) -> None:
    addresses = [listener.sock.getsockname()[0] for listener in server.LISTENERS
                 if isinstance(listener.sock.getsockname(), tuple)]
    warning = exposure_warning(addresses)
    if warning:
        print(warning, file=sys.stderr, flush=True)


def _address(host: str) -> str:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        try:
            return socket.gethostbyname(host)
        except OSError:
            return host


if __name__ == "__main__":
    message = exposure_warning([_address(host) for host in sys.argv[1:]])
    if message:
        print(message, file=sys.stderr, flush=True)
