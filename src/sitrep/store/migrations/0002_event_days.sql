-- sitrep store, schema 2: what the map and timeline need to answer fast over millions of events.
--
-- `event_days` counts events per start day, type and sub-type, kept by triggers, so the timeline does
-- not scan the events table. `events_span` gives the longest event range in O(log n), which turns
-- "ends on or after `since`" into a bounded range on the start date (see `store.filters`).

CREATE TABLE event_days (
    day TEXT NOT NULL,
    type TEXT NOT NULL,
    sub_type TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, type, sub_type)
) WITHOUT ROWID;

INSERT INTO event_days (day, type, sub_type, count)
SELECT substr(occurred_start, 1, 10), type, sub_type, count(*) FROM events
WHERE occurred_start IS NOT NULL GROUP BY substr(occurred_start, 1, 10), type, sub_type;

CREATE TRIGGER event_days_insert AFTER INSERT ON events WHEN new.occurred_start IS NOT NULL BEGIN
    INSERT INTO event_days (day, type, sub_type, count)
    VALUES (substr(new.occurred_start, 1, 10), new.type, new.sub_type, 1)
    ON CONFLICT (day, type, sub_type) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER event_days_delete AFTER DELETE ON events WHEN old.occurred_start IS NOT NULL BEGIN
    UPDATE event_days SET count = count - 1
    WHERE day = substr(old.occurred_start, 1, 10) AND type = old.type AND sub_type = old.sub_type;
    DELETE FROM event_days
    WHERE day = substr(old.occurred_start, 1, 10) AND type = old.type AND sub_type = old.sub_type AND count <= 0;
END;

CREATE TRIGGER event_days_update AFTER UPDATE OF occurred_start, type, sub_type ON events BEGIN
    UPDATE event_days SET count = count - 1
    WHERE day = substr(old.occurred_start, 1, 10) AND type = old.type AND sub_type = old.sub_type;
    DELETE FROM event_days
    WHERE day = substr(old.occurred_start, 1, 10) AND type = old.type AND sub_type = old.sub_type AND count <= 0;
    INSERT INTO event_days (day, type, sub_type, count)
    SELECT substr(new.occurred_start, 1, 10), new.type, new.sub_type, 1 WHERE new.occurred_start IS NOT NULL
    ON CONFLICT (day, type, sub_type) DO UPDATE SET count = count + 1;
END;

CREATE INDEX events_span ON events(julianday(occurred_end) - julianday(occurred_start));
