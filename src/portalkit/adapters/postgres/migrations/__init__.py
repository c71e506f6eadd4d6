"""The PostgreSQL schema, one numbered SQL file per step (see ``schema.py``)."""
