-- Foreign keys for the ticket and service-change areas, as SQLite's migration 0005: a ticket,
-- a booked service and a change request belong to a company the portal knows; a ticket's
-- requester and a request's submitter are users of the portal (users are never removed, a
-- deleted one keeps its row); a change request belongs to a booked service. Assignees and
-- agents stay without a key: they are staff of the service company, no portal users.
--
-- PostgreSQL checks the existing rows when a key is added: a row that refers to a missing
-- company, user or service makes the step fail, and the migration's transaction leaves the
-- database at version 4, untouched. No row is dropped or invented silently.

ALTER TABLE tickets
    ADD CONSTRAINT tickets_company_fk FOREIGN KEY (company_id) REFERENCES companies (id),
    ADD CONSTRAINT tickets_requester_fk FOREIGN KEY (requester_id) REFERENCES users (id);

ALTER TABLE booked_services
    ADD CONSTRAINT booked_services_company_fk FOREIGN KEY (company_id) REFERENCES companies (id);

ALTER TABLE change_requests
    ADD CONSTRAINT change_requests_service_fk
        FOREIGN KEY (service_id) REFERENCES booked_services (id),
    ADD CONSTRAINT change_requests_company_fk FOREIGN KEY (company_id) REFERENCES companies (id),
    ADD CONSTRAINT change_requests_requester_fk
        FOREIGN KEY (requested_by) REFERENCES users (id);
