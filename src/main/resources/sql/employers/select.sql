SELECT id, name, credit_code, industry, address, lon, lat, cell_code, workforce, integrity_rating,
  wage_guarantee_deposit, dedicated_wage_account, real_name_attendance, created_at
FROM employer
WHERE id = $1
