-- What the candidates of a case need: its cell and WGS84 location.
SELECT id, cell_code, lon_wgs84, lat_wgs84, status FROM case_file WHERE id = $1
