// PostgreSQL for the server-backend tests: $JEJAK_PG_URL (set by .ci/run after it starts Debian's postgresql).
// Under CI=true a missing database is an error; elsewhere the PostgreSQL variants skip with a printed reason.
export function postgresUrl(): string | null {
  const url = process.env.JEJAK_PG_URL;
  if (url) return url;
  const reason = 'JEJAK_PG_URL is not set (run `bash .ci/start-postgres.sh` and export JEJAK_PG_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres)';
  if (process.env.CI === 'true') throw new Error(reason);
  console.warn(`SKIP postgres: ${reason}`);
  return null;
}
