-- sitrep store, schema 3: filters that use indexes, for the map, the timeline and the event list.
--
-- Names are matched as case- and accent-insensitive substrings. Instead of folding every row's names per
-- query, each distinct name is folded once, when first stored, into a small dictionary: `event_kinds`
-- (type and sub-type), `actor_pairs` (actor 1 and 2), `place_names` (name and region). A filter finds the
-- matching entries, by either of their two names, and reaches the rows through one index on the entry's
-- id. Folding calls `sitrep_fold`, which sitrep registers on its connections: other programs may read
-- this file freely, but should not insert or update events or event places.
--
-- `event_points` holds what the filters and the map read, one row per event place, clustered by start day
-- so a date range is one contiguous read. Every event has its row idx 0, with its first place, or with none
-- (the place columns NULL), so counting events counts the rows idx 0. Triggers keep it in step with
-- `events` and `event_places`; nothing else writes it. `event_counts` counts events per start day, kind
-- and status, so the timeline under type, status and end-date filters reads counts, not events.
-- `event_cells` counts located points per cell of a 0.05-degree grid, kind and status (with the sums
-- that give their centre), so a zoomed-out map of every date reads thousands of cells, not millions of
-- points; the map's clusters are these cells merged.

CREATE TABLE event_kinds (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    sub_type TEXT NOT NULL,
    folded_type TEXT NOT NULL,
    folded_sub_type TEXT NOT NULL,
    UNIQUE (type, sub_type)
);
CREATE TABLE actor_pairs (
    id INTEGER PRIMARY KEY,
    actor1 TEXT NOT NULL,
    actor2 TEXT NOT NULL,
    folded1 TEXT NOT NULL,
    folded2 TEXT NOT NULL,
    UNIQUE (actor1, actor2)
);
CREATE TABLE place_names (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    folded_name TEXT NOT NULL,
    folded_admin1 TEXT NOT NULL,
    UNIQUE (name, admin1)
);

CREATE TABLE event_points (
    day TEXT NOT NULL,
    event_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    end_day TEXT,
    article_seq INTEGER NOT NULL,
    kind_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    actors_id INTEGER NOT NULL,
    place_name_id INTEGER,
    place_id INTEGER,
    lat REAL,
    lon REAL,
    fatalities INTEGER,
    PRIMARY KEY (day, event_id, idx)
) WITHOUT ROWID;
CREATE UNIQUE INDEX event_points_event ON event_points(event_id, idx);
-- Each index also holds what the timeline and the map's clusters read (the key's columns come with every
-- entry), so a filter by place, actor, article text or radius over every date never reads the table's rows.
-- `place_id` is the event place's id, the one the R*Tree over event places gives.
CREATE INDEX event_points_place ON event_points(place_name_id, kind_id, status, lat, lon, fatalities);
CREATE INDEX event_points_actors ON event_points(actors_id, kind_id, status, lat, lon, fatalities);
CREATE INDEX event_points_article ON event_points(article_seq, kind_id, status, lat, lon, fatalities);
CREATE INDEX event_points_near ON event_points(place_id, kind_id, status, lat, lon, fatalities);

CREATE TABLE event_counts (
    day TEXT NOT NULL,
    kind_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, kind_id, status)
) WITHOUT ROWID;

-- ---- filled from what is stored now -------------------------------------------------------------------

INSERT INTO event_kinds (type, sub_type, folded_type, folded_sub_type)
SELECT type, sub_type, sitrep_fold(type), sitrep_fold(sub_type) FROM (SELECT DISTINCT type, sub_type FROM events);

INSERT INTO actor_pairs (actor1, actor2, folded1, folded2)
SELECT actor1, actor2, sitrep_fold(actor1), sitrep_fold(actor2) FROM (SELECT DISTINCT actor1, actor2 FROM events);

INSERT INTO place_names (name, admin1, folded_name, folded_admin1)
SELECT name, admin1, sitrep_fold(name), sitrep_fold(admin1) FROM (SELECT DISTINCT name, admin1 FROM event_places);

INSERT INTO event_points
SELECT coalesce(e.occurred_start, ''), e.id, coalesce(p.idx, 0), e.occurred_end, a.seq, k.id, e.status,
       ap.id, pn.id, p.id, p.lat, p.lon, e.fatalities
FROM events e
JOIN articles a ON a.id = e.article_id
JOIN event_kinds k ON k.type = e.type AND k.sub_type = e.sub_type
JOIN actor_pairs ap ON ap.actor1 = e.actor1 AND ap.actor2 = e.actor2
LEFT JOIN event_places p ON p.event_id = e.id
LEFT JOIN place_names pn ON pn.name = p.name AND pn.admin1 = p.admin1;

INSERT INTO event_counts (day, kind_id, status, count)
SELECT e.occurred_start, k.id, e.status, count(*) FROM events e
JOIN event_kinds k ON k.type = e.type AND k.sub_type = e.sub_type
WHERE e.occurred_start IS NOT NULL GROUP BY e.occurred_start, k.id, e.status;

CREATE TABLE event_cells (
    row INTEGER NOT NULL,
    col INTEGER NOT NULL,
    kind_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    count INTEGER NOT NULL,
    lat_sum REAL NOT NULL,
    lon_sum REAL NOT NULL,
    fatalities INTEGER NOT NULL,
    PRIMARY KEY (row, col, kind_id, status)
) WITHOUT ROWID;

INSERT INTO event_cells
SELECT CAST((lat + 90) * 20 AS INTEGER), CAST((lon + 180) * 20 AS INTEGER), kind_id, status, count(*),
       sum(lat), sum(lon), sum(ifnull(fatalities, 0))
FROM event_points WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2, 3, 4;

-- ---- kept in step ----------------------------------------------------------------------------------------

CREATE TRIGGER event_points_event_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_kinds (type, sub_type, folded_type, folded_sub_type)
    SELECT new.type, new.sub_type, sitrep_fold(new.type), sitrep_fold(new.sub_type)
    WHERE NOT EXISTS (SELECT 1 FROM event_kinds WHERE type = new.type AND sub_type = new.sub_type);
    INSERT INTO actor_pairs (actor1, actor2, folded1, folded2)
    SELECT new.actor1, new.actor2, sitrep_fold(new.actor1), sitrep_fold(new.actor2)
    WHERE NOT EXISTS (SELECT 1 FROM actor_pairs WHERE actor1 = new.actor1 AND actor2 = new.actor2);
    INSERT INTO event_points (day, event_id, idx, end_day, article_seq, kind_id, status, actors_id, fatalities)
    VALUES (coalesce(new.occurred_start, ''), new.id, 0, new.occurred_end,
            (SELECT seq FROM articles WHERE id = new.article_id),
            (SELECT id FROM event_kinds WHERE type = new.type AND sub_type = new.sub_type), new.status,
            (SELECT id FROM actor_pairs WHERE actor1 = new.actor1 AND actor2 = new.actor2), new.fatalities);
    INSERT INTO event_counts (day, kind_id, status, count)
    SELECT new.occurred_start, k.id, new.status, 1 FROM event_kinds k
    WHERE new.occurred_start IS NOT NULL AND k.type = new.type AND k.sub_type = new.sub_type
    ON CONFLICT (day, kind_id, status) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER event_points_event_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_points WHERE event_id = old.id;
    UPDATE event_counts SET count = count - 1
    WHERE day = old.occurred_start AND status = old.status
      AND kind_id = (SELECT id FROM event_kinds WHERE type = old.type AND sub_type = old.sub_type);
    DELETE FROM event_counts WHERE count <= 0 AND day = old.occurred_start;
END;

-- An update rebuilds the event's rows: the delete and insert triggers' work, then the places again.
CREATE TRIGGER event_points_event_update
AFTER UPDATE OF id, article_id, type, sub_type, status, actor1, actor2, occurred_start, occurred_end, fatalities
ON events BEGIN
    UPDATE event_counts SET count = count - 1
    WHERE day = old.occurred_start AND status = old.status
      AND kind_id = (SELECT id FROM event_kinds WHERE type = old.type AND sub_type = old.sub_type);
    DELETE FROM event_counts WHERE count <= 0 AND day = old.occurred_start;
    DELETE FROM event_points WHERE event_id = old.id;
    INSERT INTO event_kinds (type, sub_type, folded_type, folded_sub_type)
    SELECT new.type, new.sub_type, sitrep_fold(new.type), sitrep_fold(new.sub_type)
    WHERE NOT EXISTS (SELECT 1 FROM event_kinds WHERE type = new.type AND sub_type = new.sub_type);
    INSERT INTO actor_pairs (actor1, actor2, folded1, folded2)
    SELECT new.actor1, new.actor2, sitrep_fold(new.actor1), sitrep_fold(new.actor2)
    WHERE NOT EXISTS (SELECT 1 FROM actor_pairs WHERE actor1 = new.actor1 AND actor2 = new.actor2);
    INSERT INTO event_points
    SELECT coalesce(e.occurred_start, ''), e.id, coalesce(p.idx, 0), e.occurred_end, a.seq, k.id, e.status,
           ap.id, pn.id, p.id, p.lat, p.lon, e.fatalities
    FROM events e
    JOIN articles a ON a.id = e.article_id
    JOIN event_kinds k ON k.type = e.type AND k.sub_type = e.sub_type
    JOIN actor_pairs ap ON ap.actor1 = e.actor1 AND ap.actor2 = e.actor2
    LEFT JOIN event_places p ON p.event_id = e.id
    LEFT JOIN place_names pn ON pn.name = p.name AND pn.admin1 = p.admin1
    WHERE e.id = new.id;
    INSERT INTO event_counts (day, kind_id, status, count)
    SELECT new.occurred_start, k.id, new.status, 1 FROM event_kinds k
    WHERE new.occurred_start IS NOT NULL AND k.type = new.type AND k.sub_type = new.sub_type
    ON CONFLICT (day, kind_id, status) DO UPDATE SET count = count + 1;
END;

-- The first place fills in the event's row 0 (an update: the row keeps its key); any other place gets a
-- row of its own, a copy of row 0.
CREATE TRIGGER event_points_place_insert AFTER INSERT ON event_places BEGIN
    INSERT INTO place_names (name, admin1, folded_name, folded_admin1)
    SELECT new.name, new.admin1, sitrep_fold(new.name), sitrep_fold(new.admin1)
    WHERE NOT EXISTS (SELECT 1 FROM place_names WHERE name = new.name AND admin1 = new.admin1);
    UPDATE event_points
    SET place_name_id = (SELECT id FROM place_names WHERE name = new.name AND admin1 = new.admin1),
        place_id = new.id, lat = new.lat, lon = new.lon
    WHERE new.idx = 0 AND event_id = new.event_id AND idx = 0;
    INSERT INTO event_points
    SELECT pt.day, pt.event_id, new.idx, pt.end_day, pt.article_seq, pt.kind_id, pt.status, pt.actors_id,
           (SELECT id FROM place_names WHERE name = new.name AND admin1 = new.admin1), new.id, new.lat, new.lon,
           pt.fatalities
    FROM event_points pt WHERE new.idx <> 0 AND pt.event_id = new.event_id AND pt.idx = 0;
END;

-- Row 0 stays while its event does: losing its place, it loses only the place columns.
CREATE TRIGGER event_points_place_delete AFTER DELETE ON event_places BEGIN
    UPDATE event_points SET place_name_id = NULL, place_id = NULL, lat = NULL, lon = NULL
    WHERE old.idx = 0 AND event_id = old.event_id AND idx = 0;
    DELETE FROM event_points WHERE old.idx <> 0 AND event_id = old.event_id AND idx = old.idx;
END;

CREATE TRIGGER event_points_place_update AFTER UPDATE OF name, admin1, lat, lon ON event_places BEGIN
    INSERT INTO place_names (name, admin1, folded_name, folded_admin1)
    SELECT new.name, new.admin1, sitrep_fold(new.name), sitrep_fold(new.admin1)
    WHERE NOT EXISTS (SELECT 1 FROM place_names WHERE name = new.name AND admin1 = new.admin1);
    UPDATE event_points
    SET place_name_id = (SELECT id FROM place_names WHERE name = new.name AND admin1 = new.admin1),
        lat = new.lat, lon = new.lon
    WHERE event_id = new.event_id AND idx = new.idx;
END;

-- `event_counts` does what `event_days` (schema 2) did, and by status too.
DROP TRIGGER event_days_insert;
DROP TRIGGER event_days_delete;
DROP TRIGGER event_days_update;
DROP TABLE event_days;

-- A located point in, out, or changed: its cell's counts follow (floating sums drift a little as points
-- leave; a cell that empties is deleted, which resets it).
CREATE TRIGGER event_cells_insert AFTER INSERT ON event_points
WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN
    INSERT INTO event_cells
    VALUES (CAST((new.lat + 90) * 20 AS INTEGER), CAST((new.lon + 180) * 20 AS INTEGER), new.kind_id, new.status,
            1, new.lat, new.lon, ifnull(new.fatalities, 0))
    ON CONFLICT (row, col, kind_id, status) DO UPDATE SET count = count + 1, lat_sum = lat_sum + excluded.lat_sum,
        lon_sum = lon_sum + excluded.lon_sum, fatalities = fatalities + excluded.fatalities;
END;

CREATE TRIGGER event_cells_delete AFTER DELETE ON event_points
WHEN old.lat IS NOT NULL AND old.lon IS NOT NULL BEGIN
    UPDATE event_cells
    SET count = count - 1, lat_sum = lat_sum - old.lat, lon_sum = lon_sum - old.lon,
        fatalities = fatalities - ifnull(old.fatalities, 0)
    WHERE row = CAST((old.lat + 90) * 20 AS INTEGER) AND col = CAST((old.lon + 180) * 20 AS INTEGER)
      AND kind_id = old.kind_id AND status = old.status;
    DELETE FROM event_cells
    WHERE row = CAST((old.lat + 90) * 20 AS INTEGER) AND col = CAST((old.lon + 180) * 20 AS INTEGER)
      AND kind_id = old.kind_id AND status = old.status AND count <= 0;
END;

CREATE TRIGGER event_cells_update_from AFTER UPDATE OF lat, lon, kind_id, status, fatalities ON event_points
WHEN old.lat IS NOT NULL AND old.lon IS NOT NULL BEGIN
    UPDATE event_cells
    SET count = count - 1, lat_sum = lat_sum - old.lat, lon_sum = lon_sum - old.lon,
        fatalities = fatalities - ifnull(old.fatalities, 0)
    WHERE row = CAST((old.lat + 90) * 20 AS INTEGER) AND col = CAST((old.lon + 180) * 20 AS INTEGER)
      AND kind_id = old.kind_id AND status = old.status;
    DELETE FROM event_cells
    WHERE row = CAST((old.lat + 90) * 20 AS INTEGER) AND col = CAST((old.lon + 180) * 20 AS INTEGER)
      AND kind_id = old.kind_id AND status = old.status AND count <= 0;
END;

CREATE TRIGGER event_cells_update_to AFTER UPDATE OF lat, lon, kind_id, status, fatalities ON event_points
WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN
    INSERT INTO event_cells
    VALUES (CAST((new.lat + 90) * 20 AS INTEGER), CAST((new.lon + 180) * 20 AS INTEGER), new.kind_id, new.status,
            1, new.lat, new.lon, ifnull(new.fatalities, 0))
    ON CONFLICT (row, col, kind_id, status) DO UPDATE SET count = count + 1, lat_sum = lat_sum + excluded.lat_sum,
        lon_sum = lon_sum + excluded.lon_sum, fatalities = fatalities + excluded.fatalities;
END;
