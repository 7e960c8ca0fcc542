"""The server's entry point: `streamlit run serve.py` serves the dashboard (app.py, the router) and loads the data
before it takes the first visitor.

Without it the first visitor after a (re)start waits for the imports and the data (about a second on 2 cores);
Streamlit's st.App runs `lifespan` before the server accepts requests. `streamlit run app.py` still works, without
the preload.
"""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    from ui.cache import preload

    await asyncio.to_thread(preload)
    yield


app = st.App("app.py", lifespan=lifespan)
