-- A version per company that grows with every change to the company, its users or its
-- tickets, as SQLite's migration 0006: a page showing those data can be kept while the
-- version stays the same. Kept by triggers, so that every writer counts.
--
-- Two transactions changing one company's data both update its version row: under
-- SERIALIZABLE one of them may have to be retried (the store's `retrying` does), as for
-- any two writes to one row.

CREATE TABLE company_versions (
    company_id text COLLATE "C" PRIMARY KEY,
    version bigint NOT NULL CHECK (version > 0)
);

CREATE FUNCTION count_company_change(changed text) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO company_versions AS kept (company_id, version) VALUES (changed, 1)
    ON CONFLICT (company_id) DO UPDATE SET version = kept.version + 1;
$$;

-- For users and tickets, whose company is their company_id; both companies should a row
-- ever move.
CREATE FUNCTION count_change_of_member() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM count_company_change(NEW.company_id);
    END IF;
    IF TG_OP = 'DELETE'
       OR (TG_OP = 'UPDATE' AND OLD.company_id IS DISTINCT FROM NEW.company_id) THEN
        PERFORM count_company_change(OLD.company_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION count_change_of_company() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM count_company_change(NEW.id);
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.id IS DISTINCT FROM NEW.id) THEN
        PERFORM count_company_change(OLD.id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER companies_version AFTER INSERT OR UPDATE OR DELETE ON companies
    FOR EACH ROW EXECUTE FUNCTION count_change_of_company();
CREATE TRIGGER users_version AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION count_change_of_member();
CREATE TRIGGER tickets_version AFTER INSERT OR UPDATE OR DELETE ON tickets
    FOR EACH ROW EXECUTE FUNCTION count_change_of_member();
