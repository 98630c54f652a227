-- The evidence store (io.gridwatch.evidence, issue 11 item 4): photos and documents attached to a
-- case. The bytes live outside the database in a content-addressed store (by SHA-256, under
-- evidence.dir); a row here is one attachment of those bytes to one case. The same bytes twice
-- on one case are one row (the upload is idempotent); on two cases, two rows and one blob.

CREATE TABLE evidence (
  id               bigserial   PRIMARY KEY,
  case_id          bigint      NOT NULL REFERENCES case_file (id),
  sha256           text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes       bigint      NOT NULL CHECK (size_bytes > 0),
  -- Decided by the bytes (magic numbers), never by the request's Content-Type.
  content_type     text        NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  file_name        text        CHECK (length(file_name) BETWEEN 1 AND 255),
  note             text        CHECK (length(note) BETWEEN 1 AND 500),
  -- What the phone said (query parameters): when and where the photo was taken, WGS84.
  taken_at         timestamptz,
  lon              double precision CHECK (lon BETWEEN -180 AND 180),
  lat              double precision CHECK (lat BETWEEN -90 AND 90),
  -- What the photo itself says (a JPEG's EXIF DateTimeOriginal and GPS), kept apart from the
  -- phone's word; the EXIF time is read in the offset it names, else as China Standard Time.
  exif_taken_at    timestamptz,
  exif_lon         double precision CHECK (exif_lon BETWEEN -180 AND 180),
  exif_lat         double precision CHECK (exif_lat BETWEEN -90 AND 90),
  uploaded_by      bigint      NOT NULL REFERENCES app_user (id),
  uploaded_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT evidence_case_sha256 UNIQUE (case_id, sha256),
  CHECK ((lon IS NULL) = (lat IS NULL)),
  CHECK ((exif_lon IS NULL) = (exif_lat IS NULL))
);
-- Which cases hold a blob (a sweep of unreferenced blobs, and "where else is this photo").
CREATE INDEX evidence_sha256 ON evidence (sha256);
