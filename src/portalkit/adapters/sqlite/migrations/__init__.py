"""The schema's migrations: ``NNNN_name.sql``, applied in the order of their numbers."""
