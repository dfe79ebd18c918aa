-- 0011 block value format: the encoding of monitoring_blocks.hour_values
-- (store/monitoring_repository.h). 1 = 8784 little-endian float32, what
-- every block written before this migration holds (float32 changed values
-- such as 0.8 mg/m3 to 0.800000011920929, and with them statistics on a tie
-- of their last decimal); 2 = 8784 little-endian float64, what kinet writes
-- from now on. Readers accept both; `kinet db rewrite-blocks` turns the
-- format-1 blocks of a database into format 2.
ALTER TABLE monitoring_blocks ADD COLUMN value_format INTEGER NOT NULL DEFAULT 1;
