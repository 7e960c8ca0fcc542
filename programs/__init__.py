"""How many: the program-count store (SQLAlchemy + Alembic), its validation, seed facts and reach-vs-need.

Modules
- `db`: engine (SQLite by default, PostgreSQL via DATABASE_URL), migrations, `open_store`.
- `models`: tables `programs`, `counts` (current state, `version` for optimistic locking), `count_revisions`.
- `validation`: pydantic `CountIn` / `ProgramIn` with per-field error codes (reused by data entry).
- `store`: the repository: add, correct, retract, revert, list, history.
- `seed`: the five-year report's figures (data/programs.yaml) loaded into a new store.
- `reach`: program counts against need (e.g. GLI participants per 1,000 adults with overgewicht).
- `table`: display and export frames of counts (localised headers, "<5" for small counts of people).
"""
