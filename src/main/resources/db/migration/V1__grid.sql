-- The grid: every version of every cell is kept. An import is a generation; importing a new
-- version of a code retires the old row (valid_to set) instead of deleting it, so a case filed
-- under an old version still points at the polygon it was filed under (cases reference
-- grid_cell.id, not the code).

CREATE TABLE grid_generation (
  id            bigserial PRIMARY KEY,
  level         smallint    NOT NULL CHECK (level BETWEEN 1 AND 4),
  source        text        NOT NULL,
  imported_by   text        NOT NULL,
  imported_at   timestamptz NOT NULL DEFAULT now(),
  cell_count    integer     NOT NULL CHECK (cell_count >= 0),
  report        jsonb       NOT NULL
);

CREATE TABLE grid_cell (
  id                     bigserial PRIMARY KEY,
  code                   text        NOT NULL CHECK (code ~ '^[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?$'),
  level                  smallint    NOT NULL CHECK (level BETWEEN 1 AND 4),
  name                   text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  parent_code            text        CHECK ((level = 1) = (parent_code IS NULL)),
  geom_wkb               bytea       NOT NULL,
  min_lon                double precision NOT NULL,
  min_lat                double precision NOT NULL,
  max_lon                double precision NOT NULL,
  max_lat                double precision NOT NULL,
  area_m2                double precision NOT NULL,
  generation_id          bigint      NOT NULL REFERENCES grid_generation (id),
  retired_generation_id  bigint      REFERENCES grid_generation (id),
  valid_from             timestamptz NOT NULL DEFAULT now(),
  valid_to               timestamptz,
  CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CHECK ((valid_to IS NULL) = (retired_generation_id IS NULL))
);

-- At most one current version per code.
CREATE UNIQUE INDEX grid_cell_current_code ON grid_cell (code) WHERE valid_to IS NULL;
CREATE INDEX grid_cell_code_history ON grid_cell (code, valid_from);
CREATE INDEX grid_cell_current_parent ON grid_cell (parent_code) WHERE valid_to IS NULL;
