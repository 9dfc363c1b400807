-- sitrep store, schema 1. Applied once, inside one transaction, by sitrep.store.schema.
-- Every table that derives from an article cascades from it, so re-saving an article is one DELETE
-- followed by inserts.

CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    inputs TEXT NOT NULL DEFAULT '[]',
    articles INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL DEFAULT 0,
    claims INTEGER NOT NULL DEFAULT 0,
    tallies INTEGER NOT NULL DEFAULT 0,
    quarantined INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'running'
);

-- `seq` is the rowid the full-text index points at. It is an INTEGER PRIMARY KEY so that VACUUM cannot
-- renumber it behind the index's back; `id` (the content hash) is the key everything else refers to.
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    published TEXT,
    dateline TEXT,
    language TEXT NOT NULL DEFAULT 'en',
    text TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    name TEXT NOT NULL,
    geonameid INTEGER,
    country TEXT NOT NULL DEFAULT '',
    admin1 TEXT NOT NULL DEFAULT '',
    admin2 TEXT NOT NULL DEFAULT '',
    lat REAL,
    lon REAL,
    kind TEXT NOT NULL,
    precision INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (article_id, ord)
);
CREATE INDEX places_geonameid ON places(geonameid);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    type TEXT NOT NULL,
    sub_type TEXT NOT NULL,
    plover TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    actor1 TEXT NOT NULL DEFAULT '',
    actor2 TEXT NOT NULL DEFAULT '',
    occurred_start TEXT,
    occurred_end TEXT,
    granularity TEXT,
    fatalities INTEGER,
    injured INTEGER,
    confidence REAL NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_occurred ON events(occurred_start DESC, id);

CREATE TABLE event_places (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    name TEXT NOT NULL,
    geonameid INTEGER,
    country TEXT NOT NULL DEFAULT '',
    admin1 TEXT NOT NULL DEFAULT '',
    lat REAL,
    lon REAL,
    precision INTEGER NOT NULL,
    UNIQUE (event_id, idx)
);

-- Points stored as degenerate boxes; R*Tree rounds outwards, so a bounding-box query never misses one.
CREATE VIRTUAL TABLE event_places_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
CREATE TRIGGER event_places_rtree_insert AFTER INSERT ON event_places
WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN
    INSERT INTO event_places_rtree(id, min_lat, max_lat, min_lon, max_lon)
    VALUES (new.id, new.lat, new.lat, new.lon, new.lon);
END;
CREATE TRIGGER event_places_rtree_delete AFTER DELETE ON event_places BEGIN
    DELETE FROM event_places_rtree WHERE id = old.id;
END;

CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    speaker_name TEXT NOT NULL DEFAULT '',
    speaker_role TEXT NOT NULL DEFAULT '',
    speaker_org TEXT NOT NULL DEFAULT '',
    stance TEXT NOT NULL,
    modality TEXT NOT NULL,
    said_start TEXT,
    text TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX claims_article ON claims(article_id);

-- claim_id is a soft link: linking may later point an event at a claim from another article, and that
-- article being re-read must not fail or silently drop the event.
CREATE TABLE event_claims (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    claim_id TEXT NOT NULL,
    ord INTEGER NOT NULL,
    PRIMARY KEY (event_id, claim_id)
);
CREATE INDEX event_claims_claim ON event_claims(claim_id);

CREATE TABLE tallies (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    period_start TEXT,
    period_end TEXT,
    json TEXT NOT NULL
);
CREATE INDEX tallies_article ON tallies(article_id);

CREATE TABLE evidence (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    owner_id TEXT NOT NULL,
    owner_kind TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX evidence_owner ON evidence(owner_id);

CREATE TABLE quarantine (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER REFERENCES runs(id),
    input TEXT NOT NULL,
    reason TEXT NOT NULL,
    raw BLOB NOT NULL,
    size INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
