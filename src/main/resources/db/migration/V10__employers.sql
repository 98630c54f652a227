-- The employer registry (用人单位, shared/DOMAIN.md "Employers"): who they are (name, unified
-- social credit code), what they do, where they are (and so their level-3 cell), how many work
-- there, how closely they are supervised (integrity rating), and for construction projects the
-- three wage safeguards.

-- GB 32100-2015: 18 characters from 0-9 A-H J-N P-R T U W-Y, characters 3-8 a division code,
-- and the 18th the check character of the first 17 (weights 3^i mod 31). The same rule as
-- io.gridwatch.employers.CreditCode, so a code that did not pass through the API is refused too.
CREATE FUNCTION credit_code_is_valid(code text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'
    AND substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
          (31 - (SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(code, i, 1)) - 1)
                            * (ARRAY[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])[i])
                 FROM generate_series(1, 17) AS i)::int % 31) % 31 + 1, 1) = substr(code, 18, 1)
$$;

CREATE TABLE employer (
  id                      bigserial   PRIMARY KEY,
  name                    text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  credit_code             text        NOT NULL UNIQUE CHECK (credit_code_is_valid(credit_code)),
  industry                text        NOT NULL CHECK (industry IN ('CONSTRUCTION', 'MANUFACTURING', 'CATERING',
                            'RETAIL', 'LOGISTICS', 'SERVICES')),
  address                 text        NOT NULL CHECK (length(address) BETWEEN 1 AND 300),
  -- WGS84.
  lon                     double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat                     double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  -- The level-3 cell (村、社区、园区) the location lies in.
  cell_code               text        NOT NULL CHECK (cell_code ~ '^[0-9]{12}$'),
  workforce               integer     NOT NULL CHECK (workforce >= 0),
  -- 诚信等级: A good, B watched, C closely supervised.
  integrity_rating        text        NOT NULL CHECK (integrity_rating IN ('A', 'B', 'C')),
  -- Construction projects only (null for every other industry): 农民工工资保证金, 农民工工资专用账户,
  -- 实名制考勤.
  wage_guarantee_deposit  boolean,
  dedicated_wage_account  boolean,
  real_name_attendance    boolean,
  created_at              timestamptz NOT NULL DEFAULT now(),
  CHECK (CASE WHEN industry = 'CONSTRUCTION'
    THEN num_nulls(wage_guarantee_deposit, dedicated_wage_account, real_name_attendance) = 0
    ELSE num_nulls(wage_guarantee_deposit, dedicated_wage_account, real_name_attendance) = 3 END)
);
CREATE INDEX employer_cell ON employer (cell_code text_pattern_ops, id);
