-- Rotating slots: the local start times ("09:00,19:00") a series' occurrences take in turn,
-- the first start's first; NULL when the series keeps one start time.
ALTER TABLE session_series ADD COLUMN rotation TEXT;
