"""The server's listening socket sends small writes at once (TCP_NODELAY), so a kept-alive connection does not wait
40 ms for each answer (issue #19).

Streamlit's server (1.67, `streamlit run` with uvicorn) binds its listening socket itself as
`socket.socket(family=…)`, whose protocol number is 0. asyncio turns Nagle's algorithm off only on connections whose
socket says IPPROTO_TCP (`asyncio.base_events._set_nodelay`), so on these it stays on. An answer is written as its
head and then its body: on a connection the browser reuses, the body waits for the ACK of the head, which the
browser delays by up to 40 ms. Measured on a just-started server: 44 ms for each of the 61 JavaScript files of
Streamlit's frontend after the first six (450 ms in all, 6 at a time), against ~1.5 ms on a new connection; a lazily
loaded chunk, the health check and the WebSocket's small frames paid it too.

Linux gives an accepted connection the listening socket's TCP_NODELAY, so setting it on the listener once, before
the server accepts (serve.py's lifespan runs after the bind and before the first accept), covers every connection.
The listener is found among the process's open file descriptors: Streamlit keeps no public handle to it.
"""
from __future__ import annotations

import os
import socket
from pathlib import Path

FD_DIRS = (Path("/proc/self/fd"), Path("/dev/fd"))  # Linux; macOS and the BSDs


def open_fds() -> list[int]:
    """The process's open file descriptors."""
    for folder in FD_DIRS:
        if folder.is_dir():
            return [int(name) for name in os.listdir(folder) if name.isdigit()]
    return []


def is_tcp_listener(sock: socket.socket) -> bool:
    """Whether `sock` is a TCP socket that listens (IPv4 or IPv6)."""
    return (sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM
            and bool(sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)))


def no_delay_on_listeners(fds: list[int] | None = None) -> list[int]:
    """Turn Nagle's algorithm off on every TCP socket of this process that listens; returns their descriptors.

    The socket objects made here only borrow each descriptor (`detach`): closing them closes nothing."""
    done = []
    for fd in open_fds() if fds is None else fds:
        try:
            sock = socket.socket(fileno=fd)
        except OSError:  # not a socket (a file, a pipe), or closed since it was listed
            continue
        try:
            if is_tcp_listener(sock):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                done.append(fd)
        except OSError:
            pass
        finally:
            sock.detach()
    return done
