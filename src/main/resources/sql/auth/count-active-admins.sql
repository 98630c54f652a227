SELECT count(*) AS n FROM app_user WHERE role = 'ADMIN' AND NOT disabled
