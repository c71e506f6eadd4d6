-- A version per company that grows with every change to the company, its users or its
-- tickets: a page showing those data can be kept while the version stays the same. Kept by
-- triggers, so that every writer (the portal, the commands, a script with plain SQL) counts.

CREATE TABLE company_versions (
    company_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL CHECK (version > 0)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER companies_version_insert AFTER INSERT ON companies BEGIN
    INSERT INTO company_versions (company_id, version) VALUES (NEW.id, 1)
    ON CONFLICT (company_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER companies_version_update AFTER UPDATE ON companies BEGIN
    INSERT INTO company_versions (company_id, version) VALUES (NEW.id, 1)
    ON CONFLICT (company_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER companies_version_delete AFTER DELETE ON companies BEGIN
    INSERT INTO company_versions (company_id, version) VALUES (OLD.id, 1)
    ON CONFLICT (company_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER users_version_insert AFTER INSERT ON users BEGIN
    INSERT INTO company_versions (company_id, version) VALUES (NEW.company_id, 1)
    ON CONFLICT (company_id) DO UPDATE SET version = version + 1;
END;
-- Both companies, should a user ever move.
CREATE TRIGGER users_version_update AFTER UPDATE ON users BEGIN
    INSERT INTO company_versions (company_id, version) VALUES (NEW.company_id, 1)
    ON CONFLICT (company_id) DO UPDATE SET version = version + 1;
    INSERT INTO company_versions (company_id, version)
    SELECT OLD.company_id, 1 WHERE OLD.company_id IS NOT NEW.company_id
    ON CONFLICT (company_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER users_version_delete AFTER DELETE ON users BEGIN
    INSERT INTO company_versions (company_id, version) VALUES (OLD.company_id, 1)
    ON CONFLICT (company_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tickets_version_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO company_versions (company_id, version) VALUES (NEW.company_id, 1)
    ON CONFLICT (company_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER tickets_version_update AFTER UPDATE ON tickets BEGIN
    INSERT INTO company_versions (company_id, version) VALUES (NEW.company_id, 1)
    ON CONFLICT (company_id) DO UPDATE SET version = version + 1;
    INSERT INTO company_versions (company_id, version)
    SELECT OLD.company_id, 1 WHERE OLD.company_id IS NOT NEW.company_id
    ON CONFLICT (company_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER tickets_version_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO company_versions (company_id, version) VALUES (OLD.company_id, 1)
    ON CONFLICT (company_id) DO UPDATE SET version = version + 1;
END;
