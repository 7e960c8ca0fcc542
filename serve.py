"""The server's entry point: `streamlit run serve.py` serves the dashboard (app.py, the router) and loads the data
before it takes the first visitor.

Without it the first visitor after a (re)start waits for the imports and the data (about a second on 2 cores);
Streamlit's st.App runs `lifespan` before the server accepts requests. `streamlit run app.py` still works, without
the preload.

After the preload every object then alive (modules, catalogue, observations, geometry, map views: they live as long
as the process) is moved out of the garbage collector's sight (`gc.freeze`): Streamlit runs a full collection after
every script run (`runner.postScriptGC`), which otherwise walks them all each time (~0.15 s on 2 cores, holding
the interpreter lock while the server sends the run's last messages).
"""
from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from server_root import PageRootMiddleware
from server_sockets import no_delay_on_listeners
from ui.components.static_files import ImmutableStatic


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    from ui.cache import preload

    no_delay_on_listeners()  # before the first accept: every connection answers without a 40 ms wait
    await asyncio.to_thread(preload)
    gc.collect()
    gc.freeze()
    yield


# PageRootMiddleware: a page opened at its own URL connects without a failed first try (server_root.py).
# ImmutableStatic: the chart library and the map's geometry, named by content, are cached by the browser.
app = st.App("app.py", lifespan=lifespan, middleware=[Middleware(PageRootMiddleware), Middleware(ImmutableStatic)])
