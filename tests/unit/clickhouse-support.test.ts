/**
 * The ClickHouse test server, and what the oldest server we meet (Debian's 18.16) accepts over
 * HTTP. On CI the binary must be there: a missing one fails here instead of skipping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickhouseAvailable,
  startClickHouse,
  startClickHousePair,
  type ClickHouseServer,
} from '../support/clickhouse.ts';

const TABLE = `(event_id String, started DateTime, version UInt64, tags Array(String), marks Array(UInt8), n UInt64)
  ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(started) ORDER BY event_id`;

/** Jan 1 2026 00:00:00 UTC, once as epoch seconds and once as text. */
const ROWS = [
  { event_id: 'e1', started: 1767225600, version: 1, tags: ['a', 'b'], marks: [1, 2], n: 5 },
  {
    event_id: 'e1',
    started: '2026-01-01 00:00:00',
    version: 2,
    tags: ['c', 'd'],
    marks: [3, 4],
    n: '18446744073709551615',
  },
];
const ndjson = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const insertPath = (db: string, table: string) =>
  `/?database=${db}&query=${encodeURIComponent(`INSERT INTO ${table} FORMAT JSONEachRow`)}`;

async function http(server: ClickHouseServer, path: string, init: RequestInit = {}) {
  const res = await fetch(server.url + path, init);
  return { status: res.status, body: (await res.text()).trim() };
}

const as = (user: string, key: string) => ({ 'X-ClickHouse-User': user, 'X-ClickHouse-Key': key });

describe.skipIf(!clickhouseAvailable() && !process.env.CI)(
  'ClickHouse test server (skipped: no clickhouse-server binary; set CLICKHOUSE_SERVER)',
  () => {
    let ch: ClickHouseServer;
    beforeAll(async () => {
      ch = await startClickHouse();
      await ch.query('CREATE DATABASE db');
      await ch.query(`CREATE TABLE db.t ${TABLE}`);
    }, 60_000);
    afterAll(() => ch?.stop());

    it('answers on loopback, and the centre user inserts NDJSON with the X-ClickHouse headers', async () => {
      expect(ch.url).toBe(`http://127.0.0.1:${ch.httpPort}`);
      expect((await http(ch, '/ping')).body).toBe('Ok.');
      const res = await http(ch, insertPath('db', 't'), {
        method: 'POST',
        body: ndjson(ROWS),
        headers: as(ch.user, ch.key),
      });
      expect(res).toEqual({ status: 200, body: '' });
      const viaParams = `/?query=${encodeURIComponent('SELECT count() FROM db.t')}&user=${ch.user}&password=${ch.key}`;
      expect(await http(ch, viaParams)).toEqual({ status: 200, body: '2' });
      const basic = 'Basic ' + Buffer.from(`${ch.user}:${ch.key}`).toString('base64');
      expect(await http(ch, '/?query=SELECT%201', { headers: { Authorization: basic } })).toEqual({
        status: 200,
        body: '1',
      });
    });

    it('answers each failure with its status and code', async () => {
      const post = (path: string, headers = as(ch.user, ch.key)) =>
        http(ch, path, { method: 'POST', body: ndjson(ROWS), headers });
      const wrongKey = await post(insertPath('db', 't'), as(ch.user, 'nope'));
      expect(wrongKey.status).toBe(401);
      expect(wrongKey.body).toContain(
        'Code: 193, e.displayText() = DB::Exception: Wrong password for user centre',
      );
      const ghost = await post(insertPath('db', 't'), as('ghost', 'x'));
      expect(ghost.status).toBe(401);
      expect(ghost.body).toContain(
        'Code: 192, e.displayText() = DB::Exception: Unknown user ghost',
      );
      const noTable = await post(insertPath('db', 'nosuch'));
      expect(noTable.status).toBe(404);
      expect(noTable.body).toContain(
        "Code: 60, e.displayText() = DB::Exception: Table db.nosuch doesn't exist.",
      );
      const noDb = await post(insertPath('nodb', 't'));
      expect(noDb.status).toBe(404);
      expect(noDb.body).toContain(
        "Code: 81, e.displayText() = DB::Exception: Database nodb doesn't exist",
      );
      const syntax = await post(
        `/?database=db&query=${encodeURIComponent('INSERTT INTO t FORMAT JSONEachRow')}`,
      );
      expect(syntax.status).toBe(400);
      expect(syntax.body).toContain(
        'Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position 1',
      );
      await expect(ch.query('SELECT * FROM db.nosuch')).rejects.toThrow(/ClickHouse 404: Code: 60/);
    });

    it('keeps the latest version with FINAL, unrolls two arrays and picks with argMax', async () => {
      expect(await ch.query('SELECT toUnixTimestamp(started) FROM db.t FORMAT TSV')).toBe(
        '1767225600\n1767225600\n',
      );
      expect(await ch.query('SELECT version, tags, marks FROM db.t FINAL FORMAT TSV')).toBe(
        "2\t['c','d']\t[3,4]\n",
      );
      expect(
        await ch.query(
          'SELECT version, tag, mark FROM db.t ARRAY JOIN tags AS tag, marks AS mark ORDER BY version, tag FORMAT TSV',
        ),
      ).toBe('1\ta\t1\n1\tb\t2\n2\tc\t3\n2\td\t4\n');
      expect(
        await ch.query(
          'SELECT event_id, argMax(tags, version) FROM db.t GROUP BY event_id FORMAT TSV',
        ),
      ).toBe("e1\t['c','d']\n");
    });

    it('quotes 64-bit integers in JSON unless told not to, and writes CSVWithNames', async () => {
      const json = JSON.parse(
        await ch.query('SELECT n, version FROM db.t ORDER BY version FORMAT JSON'),
      );
      expect(json.meta).toEqual([
        { name: 'n', type: 'UInt64' },
        { name: 'version', type: 'UInt64' },
      ]);
      expect(json.data).toEqual([
        { n: '5', version: '1' },
        { n: '18446744073709551615', version: '2' },
      ]);
      expect(json.rows).toBe(2);
      const q = encodeURIComponent('SELECT version FROM db.t ORDER BY version FORMAT JSON');
      const bare = await http(ch, `/?query=${q}&output_format_json_quote_64bit_integers=0`);
      expect(JSON.parse(bare.body).data).toEqual([{ version: 1 }, { version: 2 }]);
      expect(
        await ch.query(
          'SELECT event_id, version, tags, started FROM db.t ORDER BY version FORMAT CSVWithNames',
        ),
      ).toBe(
        '"event_id","version","tags","started"\n' +
          `"e1",1,"['a','b']","2026-01-01 00:00:00"\n` +
          `"e1",2,"['c','d']","2026-01-01 00:00:00"\n`,
      );
    });

    it('takes max_execution_time as a URL parameter, and OPTIONS is not implemented', async () => {
      const slow = await http(
        ch,
        `/?query=${encodeURIComponent('SELECT sleep(2)')}&max_execution_time=1`,
      );
      expect(slow.status).toBe(500);
      expect(slow.body).toContain('Code: 159, e.displayText() = DB::Exception: Timeout exceeded');
      expect(await http(ch, '/', { method: 'OPTIONS' })).toEqual({ status: 501, body: '' });
    });

    it('drops a month partition, and rejects a TTL clause (18.16 has none)', async () => {
      await ch.query('CREATE TABLE db.p AS db.t');
      await ch.query('INSERT INTO db.p SELECT * FROM db.t');
      await ch.query('ALTER TABLE db.p DROP PARTITION 202601');
      expect(await ch.query('SELECT count() FROM db.p')).toBe('0\n');
      const res = await http(ch, '/', {
        method: 'POST',
        body: 'CREATE TABLE db.ttl (d DateTime, x UInt8) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY x TTL d + INTERVAL 1 DAY',
      });
      const isOld = (await ch.query('SELECT version()')).startsWith('18.');
      if (!isOld) expect(res.status).toBe(200);
      else {
        expect(res.status).toBe(400);
        expect(res.body).toContain(
          'Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position 98: TTL d + INTERVAL 1 DAY',
        );
      }
    });

    it('restarts on the same port with the same data', async () => {
      await ch.stop({ keep: true });
      await expect(fetch(`${ch.url}/ping`)).rejects.toThrow();
      await ch.start();
      expect(await ch.query('SELECT count() FROM db.t')).toBe('2\n');
    }, 60_000);
  },
);

describe.skipIf(!clickhouseAvailable() && !process.env.CI)(
  'ClickHouse pair (skipped: no clickhouse-server binary; set CLICKHOUSE_SERVER)',
  () => {
    let a: ClickHouseServer;
    let b: ClickHouseServer;
    let cluster: string;
    beforeAll(async () => {
      ({ a, b, cluster } = await startClickHousePair());
      for (const s of [a, b]) {
        await s.query('CREATE DATABASE db');
        await s.query(`CREATE TABLE db.t ${TABLE}`);
        await s.query(
          `CREATE TABLE db.dist AS db.t ENGINE = Distributed(${cluster}, db, t, cityHash64(event_id))`,
        );
      }
    }, 60_000);
    afterAll(() => Promise.all([a?.stop(), b?.stop()]));

    const rows = (from: number) =>
      Array.from({ length: 20 }, (_, i) => ({
        event_id: `e${i % 10}`,
        started: 1767225600 + i,
        version: from + i,
        tags: [`v${from + i}`],
        marks: [i],
        n: i,
      }));
    const count = async (s: ClickHouseServer, table: string) =>
      Number(await s.query(`SELECT count() FROM db.${table}`));

    it('splits an insert over both shards: synchronously with insert_distributed_sync=1', async () => {
      const res = await http(a, `${insertPath('db', 'dist')}&insert_distributed_sync=1`, {
        method: 'POST',
        body: ndjson(rows(0)),
      });
      expect(res).toEqual({ status: 200, body: '' });
      const [onA, onB] = [await count(a, 't'), await count(b, 't')];
      expect(onA + onB).toBe(20);
      expect(onA).toBeGreaterThan(0);
      expect(onB).toBeGreaterThan(0);
    });

    it('sends the remote share of a plain insert in the background', async () => {
      const before = await count(b, 't');
      await http(a, insertPath('db', 'dist'), { method: 'POST', body: ndjson(rows(100)) });
      const deadline = Date.now() + 10_000;
      while ((await count(a, 't')) + (await count(b, 't')) < 40 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(await count(b, 't')).toBeGreaterThan(before);
      expect(await count(a, 'dist')).toBe(40);
    });

    it('passes FINAL to the shards: the same answer from either node as from one', async () => {
      const expected =
        Array.from({ length: 10 }, (_, i) => `e${i}\t${110 + i}\t['v${110 + i}']`).join('\n') +
        '\n';
      const sql = 'SELECT event_id, version, tags FROM db.dist FINAL ORDER BY event_id FORMAT TSV';
      expect(await a.query(sql)).toBe(expected);
      expect(await b.query(sql)).toBe(expected);
      expect(
        await a.query(
          'SELECT event_id, max(version), argMax(tags, version) FROM db.dist GROUP BY event_id ORDER BY event_id FORMAT TSV',
        ),
      ).toBe(expected);
    });
  },
);
