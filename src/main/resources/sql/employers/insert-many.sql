INSERT INTO employer (name, credit_code, industry, address, lon, lat, cell_code, workforce, integrity_rating,
  wage_guarantee_deposit, dedicated_wage_account, real_name_attendance)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[],
  $8::int[], $9::text[], $10::boolean[], $11::boolean[], $12::boolean[])
ON CONFLICT (credit_code) DO NOTHING
