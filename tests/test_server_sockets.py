"""The server answers on a kept-alive connection without waiting for the browser's delayed ACK (server_sockets.py,
issue #19): its listening socket, bound by Streamlit with protocol number 0, gets TCP_NODELAY before the first
accept, and every connection accepted from it inherits it. Checked on a listener bound by Streamlit's own code and
connections accepted by asyncio, as uvicorn accepts them."""
from __future__ import annotations

import asyncio
import socket
from concurrent.futures import ThreadPoolExecutor

from streamlit.web.server.starlette.starlette_server import _bind_socket

from server_sockets import is_tcp_listener, no_delay_on_listeners
from tests.test_first_visit import run_python


def no_delay(sock: socket.socket) -> bool:
    return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


def accepted_no_delay(listener: socket.socket) -> bool:
    """Whether a connection asyncio accepts from `listener` (as uvicorn does) has Nagle's algorithm off."""
    async def accept_one() -> bool:
        accepted: asyncio.Future = asyncio.get_running_loop().create_future()

        class Keep(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                accepted.set_result(no_delay(transport.get_extra_info("socket")))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Keep, sock=listener)
        try:
            with socket.create_connection(listener.getsockname()[:2]):
                return await asyncio.wait_for(accepted, 10)
        finally:
            server.close()

    with ThreadPoolExecutor(1) as thread:  # a loop of its own: the suite's browser tests keep one running here
        return thread.submit(asyncio.run, accept_one()).result()


def test_a_connection_accepted_from_streamlits_listener_has_nagle_off_once_the_listener_has():
    # Without it, asyncio leaves Nagle on for Streamlit's listener (protocol number 0). If this first check fails,
    # Streamlit binds with IPPROTO_TCP now, and server_sockets.py is no longer needed.
    plain = _bind_socket("127.0.0.1", 0, 8)
    assert plain.proto == 0 and not accepted_no_delay(plain)

    listener = _bind_socket("127.0.0.1", 0, 8)
    assert listener.fileno() in no_delay_on_listeners()
    assert no_delay(listener) and accepted_no_delay(listener)


def test_only_listening_tcp_sockets_are_changed_and_nothing_is_closed(tmp_path):
    listener = _bind_socket("127.0.0.1", 0, 8)
    client = socket.create_connection(listener.getsockname()[:2])
    client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 0)
    served, _ = listener.accept()
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    path = tmp_path / "file.txt"
    path.write_text("kept")
    with path.open() as file:
        done = no_delay_on_listeners([listener.fileno(), client.fileno(), udp.fileno(), file.fileno(), 10_000])
        assert done == [listener.fileno()]
        assert not no_delay(client)  # a connection, not a listener: left as it was
        assert file.read() == "kept"  # borrowed descriptors are not closed
    client.sendall(b"still open")
    assert served.recv(64) == b"still open"
    assert not is_tcp_listener(udp) and is_tcp_listener(listener)
    for sock in (listener, client, served, udp):
        sock.close()


def test_the_servers_start_sets_it_before_the_preload(tmp_path):
    """serve.py's lifespan (run after Streamlit bound the listener, before uvicorn accepts): by the time the data
    loads, the listener has TCP_NODELAY."""
    out = run_python("""
import asyncio, json, socket
from streamlit.web.server.starlette.starlette_server import _bind_socket
import ui.cache
listener = _bind_socket("127.0.0.1", 0, 8)
seen = []
ui.cache.preload = lambda: seen.append(listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
import serve

async def start():
    async with serve.lifespan(serve.app):
        pass

asyncio.run(start())
print(json.dumps({"no_delay_at_preload": seen}))
""", tmp_path)
    assert out["no_delay_at_preload"] == [1]
