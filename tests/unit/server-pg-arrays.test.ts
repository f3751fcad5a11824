// The PostgreSQL store builds its bulk-insert array literals itself: every value must come back from
// the real database exactly as given (quotes, backslashes, braces, a literal "NULL", empty strings, nulls).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgBoolArray, pgNumberArray, pgTextArray } from '../../sync/server/store/postgres/pg-arrays';
import { postgresUrl } from '../helpers/postgres';

const url = postgresUrl();

describe.skipIf(!url)('PostgreSQL array literals for the visit ingest', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: url! });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });

  it('round-trips text exactly, including characters that mean something in an array literal', async () => {
    const values = ['OK', '', 'NULL', 'null', null, 'a"b', 'back\\slash', '\\"', '{x,y}', ' spaced ', 'comma,inside', 'ünï 漢字 🙂', 'tab\tand\nnewline', '"', '\\'];
    const r = await client.query('SELECT $1::text[] AS a', [pgTextArray(values)]);
    expect(r.rows[0].a).toEqual(values);
  });

  it('round-trips numbers (bigint, integer, float8) and booleans, nulls included', async () => {
    const big = [0, -1, 1_764_400_000_000, Number.MAX_SAFE_INTEGER, null];
    const floats = [0.3, -0.25, 1e-7, 123456.789, null, 5e-324];
    const r = await client.query('SELECT $1::bigint[] AS b, $2::float8[] AS f, $3::integer[] AS i, $4::boolean[] AS t',
      [pgNumberArray(big), pgNumberArray(floats), pgNumberArray([7, null, 0]), pgBoolArray([true, false, null])]);
    expect(r.rows[0].b).toEqual(big.map((x) => (x === null ? null : String(x))));
    expect(r.rows[0].f).toEqual(floats);
    expect(r.rows[0].i).toEqual([7, null, 0]);
    expect(r.rows[0].t).toEqual([true, false, null]);
  });

  it('refuses a number PostgreSQL could not read back as it was', () => {
    expect(() => pgNumberArray([Number.NaN])).toThrow(TypeError);
    expect(() => pgNumberArray([Infinity])).toThrow(TypeError);
  });
});
