-- sitrep store, schema 5: speakers folded once, so the claims list and the events' speaker filter use
-- indexes instead of folding every claim's speaker on each query.
--
-- `speakers` is a dictionary of the distinct speakers (name, role, organisation), each folded once when
-- first stored. `claim_points` orders the claims newest first (the day they were said, else the day their
-- article was published) and carries each claim's speaker id and stance, with an index for each.
-- `speaker_sets` is a dictionary of the distinct sets of speakers that an event's linked claims have, each
-- as one folded text: a speaker's name, role and organisation joined by char(31), speakers by char(30),
-- which no folded filter text contains. `event_points.speakers_id` is the set of its event, so filtering
-- events by speaker is one dictionary lookup and one index, as filtering by actor is. Triggers keep all of
-- this in step with `claims` and `event_claims`; nothing else writes it.
--
-- `story_places` does the same for the place names of stories (written by linking), so the stories list
-- filtered by place reads an index on `stories(place)` instead of folding every story's place.

CREATE TABLE speakers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    organisation TEXT NOT NULL,
    folded_name TEXT NOT NULL,
    folded_role TEXT NOT NULL,
    folded_org TEXT NOT NULL,
    UNIQUE (name, role, organisation)
);

CREATE TABLE claim_points (
    day TEXT NOT NULL,
    article_id TEXT NOT NULL,
    ord INTEGER NOT NULL,
    claim_id TEXT NOT NULL,
    speaker_id INTEGER NOT NULL,
    stance TEXT NOT NULL,
    PRIMARY KEY (day DESC, article_id, ord)
) WITHOUT ROWID;
CREATE UNIQUE INDEX claim_points_claim ON claim_points(claim_id);
CREATE INDEX claim_points_speaker ON claim_points(speaker_id, day DESC);
CREATE INDEX claim_points_stance ON claim_points(stance, day DESC);

CREATE TABLE speaker_sets (
    id INTEGER PRIMARY KEY,
    folded TEXT NOT NULL UNIQUE
);

CREATE TABLE story_places (
    id INTEGER PRIMARY KEY,
    place TEXT NOT NULL UNIQUE,
    folded TEXT NOT NULL
);
CREATE INDEX stories_place ON stories(place, last_day DESC);

-- ---- filled from what is stored now -------------------------------------------------------------------

INSERT INTO story_places (place, folded) SELECT place, sitrep_fold(place) FROM (SELECT DISTINCT place FROM stories);

INSERT INTO speakers (name, role, organisation, folded_name, folded_role, folded_org)
SELECT speaker_name, speaker_role, speaker_org, sitrep_fold(speaker_name), sitrep_fold(speaker_role),
       sitrep_fold(speaker_org)
FROM (SELECT DISTINCT speaker_name, speaker_role, speaker_org FROM claims);

INSERT INTO claim_points (day, article_id, ord, claim_id, speaker_id, stance)
SELECT coalesce(c.said_start, substr(a.published, 1, 10), ''), c.article_id, c.ord, c.id, s.id, c.stance
FROM claims c
JOIN articles a ON a.id = c.article_id
JOIN speakers s ON s.name = c.speaker_name AND s.role = c.speaker_role AND s.organisation = c.speaker_org;

CREATE TEMP TABLE event_speaker_sets (event_id TEXT PRIMARY KEY, folded TEXT NOT NULL) WITHOUT ROWID;

INSERT INTO temp.event_speaker_sets (event_id, folded)
SELECT event_id, folded FROM (
    SELECT e.event_id, (
        SELECT group_concat(f, char(30)) FROM (
            SELECT DISTINCT s.folded_name || char(31) || s.folded_role || char(31) || s.folded_org AS f
            FROM event_claims ec JOIN claim_points cp ON cp.claim_id = ec.claim_id
            JOIN speakers s ON s.id = cp.speaker_id
            WHERE ec.event_id = e.event_id ORDER BY f)
    ) AS folded
    FROM (SELECT DISTINCT event_id FROM event_claims) e
) WHERE folded IS NOT NULL;

INSERT INTO speaker_sets (folded) SELECT DISTINCT folded FROM temp.event_speaker_sets;

ALTER TABLE event_points ADD COLUMN speakers_id INTEGER;

-- Two triggers of schema 4 insert whole rows into `event_points` without naming its columns; they name
-- them now, and a place's row copies its event's set of speakers with the rest of row 0.
DROP TRIGGER event_points_place_insert;
CREATE TRIGGER event_points_place_insert AFTER INSERT ON event_places BEGIN
    INSERT INTO place_names (name, admin1, folded_name, folded_admin1)
    SELECT new.name, new.admin1, sitrep_fold(new.name), sitrep_fold(new.admin1)
    WHERE NOT EXISTS (SELECT 1 FROM place_names WHERE name = new.name AND admin1 = new.admin1);
    UPDATE event_points
    SET place_name_id = (SELECT id FROM place_names WHERE name = new.name AND admin1 = new.admin1),
        place_id = new.id, lat = new.lat, lon = new.lon
    WHERE new.idx = 0 AND event_id = new.event_id AND idx = 0;
    INSERT INTO event_points (day, event_id, idx, end_day, article_seq, kind_id, status, actors_id, place_name_id,
                              place_id, lat, lon, fatalities, speakers_id)
    SELECT pt.day, pt.event_id, new.idx, pt.end_day, pt.article_seq, pt.kind_id, pt.status, pt.actors_id,
           (SELECT id FROM place_names WHERE name = new.name AND admin1 = new.admin1), new.id, new.lat, new.lon,
           pt.fatalities, pt.speakers_id
    FROM event_points pt WHERE new.idx <> 0 AND pt.event_id = new.event_id AND pt.idx = 0;
END;

DROP TRIGGER event_points_event_update;
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
    INSERT INTO event_points (day, event_id, idx, end_day, article_seq, kind_id, status, actors_id, place_name_id,
                              place_id, lat, lon, fatalities)
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

UPDATE event_points SET speakers_id = (
    SELECT s.id FROM temp.event_speaker_sets t JOIN speaker_sets s ON s.folded = t.folded
    WHERE t.event_id = event_points.event_id
) WHERE event_id IN (SELECT event_id FROM temp.event_speaker_sets);

DROP TABLE temp.event_speaker_sets;

-- Like the other name indexes, it holds what the timeline and the map's clusters read.
CREATE INDEX event_points_speakers ON event_points(speakers_id, kind_id, status, lat, lon, fatalities)
WHERE speakers_id IS NOT NULL;

-- ---- kept in step ----------------------------------------------------------------------------------------

-- An event whose claims changed is put here, and this table's trigger works its set of speakers out
-- again and deletes the row: the triggers below only say which events, in one place.
CREATE TABLE speaker_refresh (event_id TEXT NOT NULL);

CREATE TRIGGER speaker_refresh_insert AFTER INSERT ON speaker_refresh BEGIN
    INSERT INTO speaker_sets (folded)
    SELECT x.folded FROM (
        SELECT (
            SELECT group_concat(f, char(30)) FROM (
                SELECT DISTINCT s.folded_name || char(31) || s.folded_role || char(31) || s.folded_org AS f
                FROM event_claims ec JOIN claim_points cp ON cp.claim_id = ec.claim_id
                JOIN speakers s ON s.id = cp.speaker_id
                WHERE ec.event_id = new.event_id ORDER BY f)
        ) AS folded
    ) x WHERE x.folded IS NOT NULL AND NOT EXISTS (SELECT 1 FROM speaker_sets s WHERE s.folded = x.folded);
    UPDATE event_points SET speakers_id = (
        SELECT id FROM speaker_sets WHERE folded = (
            SELECT group_concat(f, char(30)) FROM (
                SELECT DISTINCT s.folded_name || char(31) || s.folded_role || char(31) || s.folded_org AS f
                FROM event_claims ec JOIN claim_points cp ON cp.claim_id = ec.claim_id
                JOIN speakers s ON s.id = cp.speaker_id
                WHERE ec.event_id = new.event_id ORDER BY f)
        )
    ) WHERE event_id = new.event_id;
    DELETE FROM speaker_refresh WHERE rowid = new.rowid;
END;

-- A claim in: its speaker into the dictionary, its row into `claim_points`, and (a claim stored after the
-- events that link to it) those events' sets again.
CREATE TRIGGER claim_points_insert AFTER INSERT ON claims BEGIN
    INSERT INTO speakers (name, role, organisation, folded_name, folded_role, folded_org)
    SELECT new.speaker_name, new.speaker_role, new.speaker_org, sitrep_fold(new.speaker_name),
           sitrep_fold(new.speaker_role), sitrep_fold(new.speaker_org)
    WHERE NOT EXISTS (
        SELECT 1 FROM speakers
        WHERE name = new.speaker_name AND role = new.speaker_role AND organisation = new.speaker_org
    );
    INSERT INTO claim_points (day, article_id, ord, claim_id, speaker_id, stance)
    VALUES (
        coalesce(new.said_start, (SELECT substr(published, 1, 10) FROM articles WHERE id = new.article_id), ''),
        new.article_id, new.ord, new.id,
        (SELECT id FROM speakers
         WHERE name = new.speaker_name AND role = new.speaker_role AND organisation = new.speaker_org),
        new.stance
    );
    INSERT INTO speaker_refresh (event_id) SELECT event_id FROM event_claims WHERE claim_id = new.id;
END;

CREATE TRIGGER claim_points_delete AFTER DELETE ON claims BEGIN
    DELETE FROM claim_points WHERE claim_id = old.id;
    INSERT INTO speaker_refresh (event_id) SELECT event_id FROM event_claims WHERE claim_id = old.id;
END;

-- An update is the delete's work, then the insert's.
CREATE TRIGGER claim_points_update
AFTER UPDATE OF id, article_id, ord, speaker_name, speaker_role, speaker_org, stance, said_start ON claims BEGIN
    DELETE FROM claim_points WHERE claim_id = old.id;
    INSERT INTO speakers (name, role, organisation, folded_name, folded_role, folded_org)
    SELECT new.speaker_name, new.speaker_role, new.speaker_org, sitrep_fold(new.speaker_name),
           sitrep_fold(new.speaker_role), sitrep_fold(new.speaker_org)
    WHERE NOT EXISTS (
        SELECT 1 FROM speakers
        WHERE name = new.speaker_name AND role = new.speaker_role AND organisation = new.speaker_org
    );
    INSERT INTO claim_points (day, article_id, ord, claim_id, speaker_id, stance)
    VALUES (
        coalesce(new.said_start, (SELECT substr(published, 1, 10) FROM articles WHERE id = new.article_id), ''),
        new.article_id, new.ord, new.id,
        (SELECT id FROM speakers
         WHERE name = new.speaker_name AND role = new.speaker_role AND organisation = new.speaker_org),
        new.stance
    );
    INSERT INTO speaker_refresh (event_id)
    SELECT DISTINCT event_id FROM event_claims WHERE claim_id IN (old.id, new.id);
END;

CREATE TRIGGER speakers_event_claim_insert AFTER INSERT ON event_claims BEGIN
    INSERT INTO speaker_refresh (event_id) VALUES (new.event_id);
END;

CREATE TRIGGER speakers_event_claim_delete AFTER DELETE ON event_claims BEGIN
    INSERT INTO speaker_refresh (event_id) VALUES (old.event_id);
END;

CREATE TRIGGER story_places_insert AFTER INSERT ON stories BEGIN
    INSERT INTO story_places (place, folded) SELECT new.place, sitrep_fold(new.place)
    WHERE NOT EXISTS (SELECT 1 FROM story_places WHERE place = new.place);
END;

CREATE TRIGGER story_places_update AFTER UPDATE OF place ON stories BEGIN
    INSERT INTO story_places (place, folded) SELECT new.place, sitrep_fold(new.place)
    WHERE NOT EXISTS (SELECT 1 FROM story_places WHERE place = new.place);
END;

-- A new row of an event that has claims (a place added, or the rows rebuilt by an update) gets its set.
CREATE TRIGGER event_points_speakers AFTER INSERT ON event_points
WHEN EXISTS (SELECT 1 FROM event_claims WHERE event_id = new.event_id) BEGIN
    INSERT INTO speaker_refresh (event_id) VALUES (new.event_id);
END;
