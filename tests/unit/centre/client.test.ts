import { describe, expect, it } from 'vitest';
import {
  centreClient,
  CentreError,
  classifyError,
  endpointOrigin,
} from '../../../knowledge/centre/client.ts';

type Call = { url: string; init: RequestInit };
const stub = (status: number, body: string) => {
  const calls: Call[] = [];
  const fetchFn = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body, { status });
  };
  return { calls, fetchFn };
};
const conn = {
  endpoint: 'http://127.0.0.1:8123/',
  database: 'centre',
  user: 'agent',
  key: 's3cret',
};

describe('centre client', () => {
  it('inserts JSONEachRow with the user and key in headers, never in the address', async () => {
    const { calls, fetchFn } = stub(200, '');
    await centreClient(conn, fetchFn).insert('case_records', [{ a: 1 }, { a: 2 }]);
    const [c] = calls;
    const url = new URL(c!.url);
    expect(url.searchParams.get('query')).toBe('INSERT INTO case_records FORMAT JSONEachRow');
    expect(url.searchParams.get('database')).toBe('centre');
    expect(c!.url).not.toMatch(/s3cret|agent/);
    expect(c!.init.headers).toMatchObject({
      'X-ClickHouse-User': 'agent',
      'X-ClickHouse-Key': 's3cret',
    });
    expect(c!.init.body).toBe('{"a":1}\n{"a":2}');
  });

  it('tells a refused key, a missing table and a dead server apart', async () => {
    const wrongKey = 'Code: 193, e.displayText() = DB::Exception: Wrong password for user centre';
    await expect(
      centreClient(conn, stub(500, wrongKey).fetchFn).insert('t', [{}]),
    ).rejects.toMatchObject({
      kind: 'auth',
    });
    expect(
      classifyError(404, "Code: 60, e.displayText() = DB::Exception: Table centre.x doesn't exist.")
        .kind,
    ).toBe('schema');
    expect(classifyError(500, 'Code: 62, Syntax error').kind).toBe('server');
    const down = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(centreClient(conn, down).select('SELECT 1')).rejects.toMatchObject({
      kind: 'offline',
    });
  });

  it('refuses an address or database it cannot use before sending anything', () => {
    expect(() => centreClient({ ...conn, endpoint: 'file:///etc/passwd' })).toThrow(CentreError);
    expect(() => centreClient({ ...conn, database: 'a b' })).toThrow(/not allowed/);
    expect(endpointOrigin('https://ch.bank.example:8443/x')).toBe('https://ch.bank.example/*');
    expect(endpointOrigin('ftp://x')).toBeNull();
  });
});
