"""A port that is already taken, found before a server starts: one line instead of a server's traceback."""

from __future__ import annotations

import errno
import socket

import click


def port_problem(host: str, port: int) -> str | None:
    """Why (host, port) cannot be listened on, or None when it can (port 0: any free one, always fine)."""
    if port == 0:
        return None
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is no obstacle
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"{host}:{port}: port already in use (choose another with --port, or 0 for any free one)"
            return f"{host}:{port}: cannot listen there: {exc.strerror or exc}"
    return None


def require_free_port(host: str, port: int) -> None:
    problem = port_problem(host, port)
    if problem:
        raise click.ClickException(problem)
