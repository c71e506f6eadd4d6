-- Number 6 of both stores; in PostgreSQL it changes nothing.
--
-- SQLite's migration 0006 counts a version per company with triggers (company_versions).
-- PostgreSQL does not: every transaction that changes a company's data would write that
-- company's one version row, and under SERIALIZABLE two such transactions at once (a
-- colleague's sign-in and a new ticket of the same company) would conflict, where they do
-- not otherwise. The PostgreSQL store counts no versions (company_version answers None), and
-- the portal keeps its ticket lists by their data instead.

SELECT 1;
