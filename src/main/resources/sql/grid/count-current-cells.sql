SELECT count(*) AS n FROM grid_cell WHERE valid_to IS NULL
