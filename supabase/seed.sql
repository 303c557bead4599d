-- Intentionally empty: the atlas's data is not committed. It is built by `node geodata/build.ts`
-- from the upstream sources in geodata/manifest.json and loaded by the server on start
-- (src/lib/server/db/load-atlas-data.ts), on PGlite and on DATABASE_URL alike.
select 1;
