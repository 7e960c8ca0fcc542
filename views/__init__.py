"""The pages (one file each, run by the router in app.py) and the panels that belong to one page."""
