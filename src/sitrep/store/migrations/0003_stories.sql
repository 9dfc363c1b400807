-- sitrep store, schema 3: stories (one real-world event as several articles report it) and the
-- contradictions between their reports, written by `sitrep.linking` in the single writer.
--
-- Every event belongs to exactly one story (most to a story of one). Linking is incremental: a new article
-- is queued by a trigger, and its events are compared only with the events `link_keys` finds in the same
-- map cells on nearby days, so the work per article does not grow with the size of the store.

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    lat REAL,
    lon REAL,
    first_day TEXT,
    last_day TEXT,
    events INTEGER NOT NULL DEFAULT 0,
    articles INTEGER NOT NULL DEFAULT 0,
    corroboration INTEGER NOT NULL DEFAULT 0,
    contradictions INTEGER NOT NULL DEFAULT 0,
    stale INTEGER NOT NULL DEFAULT 0,
    json TEXT NOT NULL
);
CREATE INDEX stories_last_day ON stories(last_day DESC, id);
CREATE INDEX stories_stale ON stories(stale) WHERE stale = 1;

-- `features` is what linking compares (type, places, days, actors, the MinHash of the evidence), kept so a
-- candidate never has to be read again from its article.
CREATE TABLE story_events (
    event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    story_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    features TEXT NOT NULL
);
CREATE INDEX story_events_story ON story_events(story_id);

-- A claim that joined a story by itself: a report that only denies an event ("the ministry denied its
-- forces struck the convoy") or says it did not happen often yields no event, so its claim is linked.
CREATE TABLE story_claims (
    claim_id TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
    story_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    features TEXT NOT NULL
);
CREATE INDEX story_claims_story ON story_claims(story_id);

-- Candidate index: one row per (map cell of 0.5 degrees, day) a member (event or claim) covers; cell 0 holds
-- unlocated members. Rows go with their member (the triggers above).
CREATE TABLE link_keys (
    cell INTEGER NOT NULL,
    day TEXT NOT NULL,
    member_id TEXT NOT NULL,
    PRIMARY KEY (cell, day, member_id)
) WITHOUT ROWID;
CREATE INDEX link_keys_member ON link_keys(member_id);

-- A story whose member went away (its article was read again) is summed up again at the next linking.
CREATE TRIGGER story_events_delete AFTER DELETE ON story_events BEGIN
    UPDATE stories SET stale = 1 WHERE id = old.story_id;
    DELETE FROM link_keys WHERE member_id = old.event_id;
END;
CREATE TRIGGER story_claims_delete AFTER DELETE ON story_claims BEGIN
    UPDATE stories SET stale = 1 WHERE id = old.story_id;
    DELETE FROM link_keys WHERE member_id = old.claim_id;
END;

-- Articles waiting to be linked, oldest first; an article read again is queued again.
CREATE TABLE link_queue (
    seq INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE
);
INSERT INTO link_queue (seq, article_id) SELECT seq, id FROM articles;
CREATE TRIGGER articles_link_queue AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO link_queue (seq, article_id) VALUES (new.seq, new.id);
END;

-- `story_id` is '' for a claim and its denial in one article that belong to no story.
CREATE TABLE contradictions (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    article_a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    article_b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_a TEXT NOT NULL DEFAULT '',
    event_b TEXT NOT NULL DEFAULT '',
    claim_a TEXT NOT NULL DEFAULT '',
    claim_b TEXT NOT NULL DEFAULT '',
    speaker_a TEXT NOT NULL DEFAULT '',
    speaker_b TEXT NOT NULL DEFAULT '',
    json TEXT NOT NULL
);
CREATE INDEX contradictions_story ON contradictions(story_id);
CREATE INDEX contradictions_article_a ON contradictions(article_a);
CREATE INDEX contradictions_article_b ON contradictions(article_b);
CREATE INDEX contradictions_event_a ON contradictions(event_a) WHERE event_a != '';
CREATE INDEX contradictions_event_b ON contradictions(event_b) WHERE event_b != '';
CREATE INDEX contradictions_kind ON contradictions(kind);
