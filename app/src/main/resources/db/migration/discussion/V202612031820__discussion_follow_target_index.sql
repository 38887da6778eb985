-- Who follows this theme or thread (notices, mailing-list mode) is read by target, not by person.
CREATE INDEX discussion_follow_target ON discussion_follow (target_kind, target);
