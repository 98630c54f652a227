SELECT count(*) AS n FROM case_file
