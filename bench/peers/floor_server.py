"""The floor's server (bench/pages.py FLOOR): bare_table.py served as serve.py serves the dashboard, with its
listening socket's Nagle's algorithm off (server_sockets.py), and nothing else of serve.py (no preload, no
middleware, no data).

Without it a bare `streamlit run` answers each request on a kept-alive connection ~40 ms late: the floor would take
~0.45 s longer to load Streamlit's frontend than the dashboard and stop being a floor.

Run: streamlit run bench/peers/floor_server.py
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st

from server_sockets import no_delay_on_listeners


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    no_delay_on_listeners()
    yield


app = st.App("bare_table.py", lifespan=lifespan)
