-- Every administrative and moderation action, append-only: who did what, on whom or what,
-- when, with the values before and after. Rows are never updated or deleted (the trigger
-- refuses it even to the application's own user).
CREATE TABLE audit_entry (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    actor_id    UUID,
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    target_name TEXT,
    before      TEXT,
    after       TEXT
);
CREATE INDEX audit_entry_at_idx ON audit_entry (at DESC, id DESC);
CREATE INDEX audit_entry_actor_idx ON audit_entry (actor_id, at DESC);
CREATE INDEX audit_entry_target_idx ON audit_entry (target_kind, target_id, at DESC);
CREATE INDEX audit_entry_action_idx ON audit_entry (action, at DESC);

CREATE FUNCTION audit_entry_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are never changed or deleted';
END;
$$;
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_immutable();
