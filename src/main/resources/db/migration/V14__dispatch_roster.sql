-- The roster (io.gridwatch.dispatch, issue 11 item 1): each field staff member's duty status and
-- last position, and the positions of the last days ("route of the day"). A user without a row
-- is OFF_DUTY with no position; the row is made on the first status or position.

CREATE TABLE staff_roster (
  user_id          bigint      PRIMARY KEY REFERENCES app_user (id),
  status           text        NOT NULL DEFAULT 'OFF_DUTY'
                     CHECK (status IN ('OFF_DUTY', 'AVAILABLE', 'EN_ROUTE', 'ON_SITE', 'BUSY')),
  status_at        timestamptz NOT NULL DEFAULT now(),
  -- The last stored position: WGS84, and as the phone gave it (crs, lon_given, lat_given).
  lon              double precision,
  lat              double precision,
  crs              text,
  lon_given        double precision,
  lat_given        double precision,
  accuracy_meters  double precision CHECK (accuracy_meters >= 0),
  -- When the phone took it, and when the server stored it (the throttle goes by the latter, so
  -- a phone with a wrong clock cannot get around it).
  position_at      timestamptz,
  stored_at        timestamptz,
  CHECK ((lon IS NULL) = (lat IS NULL)),
  CHECK ((lon IS NULL) = (position_at IS NULL))
);

-- Every stored position, for the route of the day; pruned after a few days by the writer.
CREATE TABLE staff_track (
  id               bigserial   PRIMARY KEY,
  user_id          bigint      NOT NULL REFERENCES app_user (id),
  lon              double precision NOT NULL,
  lat              double precision NOT NULL,
  crs              text        NOT NULL,
  accuracy_meters  double precision NOT NULL CHECK (accuracy_meters >= 0),
  at               timestamptz NOT NULL,
  stored_at        timestamptz NOT NULL
);
CREATE INDEX staff_track_user_at ON staff_track (user_id, at);

-- Staff events (staff.position, staff.status) belong to no case.
ALTER TABLE event_outbox ALTER COLUMN case_id DROP NOT NULL;
