SELECT nextval(pg_get_serial_sequence('case_file', 'id')) AS id,
       'GW-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-'
         || lpad(nextval('case_no_seq')::text, 6, '0') AS case_no
