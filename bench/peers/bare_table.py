"""Streamlit's own floor for bench/pages.py: the least a Streamlit page can be, a title and a table of three rows.

No data, no widgets, no chart code: what its navigation costs is Streamlit's frontend alone (its code loaded and
evaluated, the socket opened, one script run drawn). No page of the dashboard can show its first content sooner than
this app does on the same machine, cold or warm, so bench/pages.py measures it in the same run by the same code and
prints it beside the pages' figures. Run with the same settings as the peer (bench/pages.py PEER_ENV), by the server
in floor_server.py (its connections answer without Nagle's 40 ms wait, as serve.py's do).

Run: streamlit run bench/peers/floor_server.py
"""
import streamlit as st

st.title("Floor")
st.table({"a": [1, 2, 3], "b": [4, 5, 6]})
