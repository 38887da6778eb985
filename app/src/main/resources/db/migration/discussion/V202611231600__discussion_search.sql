-- French-aware search over thread titles and posts: accents and case ignored (unaccent), plurals
-- and conjugations folded (french_stem). ALTER MAPPING (not ADD) is what works here.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION maillage_fr (COPY = french);
ALTER TEXT SEARCH CONFIGURATION maillage_fr
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;

ALTER TABLE discussion_thread
    ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('maillage_fr'::regconfig, title)) STORED;
ALTER TABLE discussion_post
    ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('maillage_fr'::regconfig, body)) STORED;
CREATE INDEX discussion_thread_search_idx ON discussion_thread USING GIN (search);
CREATE INDEX discussion_post_search_idx ON discussion_post USING GIN (search);
