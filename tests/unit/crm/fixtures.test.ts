/**
 * The demo CRM pages and their bundled profiles: every profile has the contract's shape and
 * selects only its own page, every page and frame it relies on exists and reads completely,
 * the legacy detail frame really is GBK, the pages need nothing from the network, and the
 * fixture server labels each page with the right charset on both of its origins.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FrameReading, mergeFrames, readFrame } from '../../../knowledge/crm/reader.ts';
import { chooseProfile, validateProfile, type CrmProfile } from '../../../knowledge/crm/profile.ts';
import { FIXTURES_DIR, serveFixtures } from '../../demo/serve.ts';

const PROFILES_DIR = resolve(import.meta.dirname, '../../../knowledge/profiles');
const KNOWN_FIELDS = [
  'caseId',
  'customerName',
  'customerId',
  'agentId',
  'channel',
  'caseType',
  'product',
];
const CHANNELS = ['phone', 'chat', 'email', 'message', 'social'];
const CASE_TYPES = ['inquiry', 'assistance', 'complaint', 'complex'];
const DEMOS = ['legacy', 'spa', 'frameset', 'crossorigin', 'rerender', 'controlled', 'english'];

const files = readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.json'));
const profiles = files.map((f) => ({
  file: f,
  json: JSON.parse(readFileSync(join(PROFILES_DIR, f), 'utf8')) as unknown,
}));
const demoProfiles = profiles
  .map((p) => p.json as CrmProfile)
  .filter((p) => p.id.startsWith('demo-'));

// --- A deliberately small shape check of the crm-profile contract (independent of the validator).

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function regexProblem(v: unknown, path: string): string[] {
  if (!isStr(v)) return [`${path}: not a string`];
  try {
    new RegExp(v, 'u');
    return [];
  } catch {
    return [`${path}: not a regular expression`];
  }
}

function selectorProblem(v: unknown, path: string): string[] {
  if (isStr(v)) return [];
  if (Array.isArray(v) && v.length > 0 && v.every(isStr)) return [];
  return [`${path}: not a selector or a non-empty list of selectors`];
}

function optionalStr(o: Record<string, unknown>, key: string, path: string): string[] {
  return key in o && !isStr(o[key]) ? [`${path}.${key}: not a string`] : [];
}

/** Every way a value misses the contract's shape, as "path: reason". */
function shapeProblems(p: unknown): string[] {
  if (!isObj(p)) return [': not an object'];
  const out: string[] = [];
  if (!isStr(p.id) || !/^[\w.-]+$/.test(p.id)) out.push('id: missing or not a plain name');
  if (!isStr(p.name)) out.push('name: missing');
  if (!Array.isArray(p.matches) || p.matches.length === 0)
    out.push('matches: not a non-empty list');
  else
    p.matches.forEach((m, i) => {
      if (typeof m !== 'string' || !/^(\*|https?|file):\/\/[^/]*\/.*$/.test(m))
        out.push(`matches[${i}]: not a match pattern`);
    });
  if (!isObj(p.fields)) out.push('fields: not an object');
  else
    for (const [name, rule] of Object.entries(p.fields)) {
      const path = `fields.${name}`;
      if (!isObj(rule)) {
        out.push(`${path}: not an object`);
        continue;
      }
      out.push(...selectorProblem(rule.selector, `${path}.selector`));
      out.push(...optionalStr(rule, 'attribute', path), ...optionalStr(rule, 'frame', path));
      if ('pattern' in rule) out.push(...regexProblem(rule.pattern, `${path}.pattern`));
      if ('map' in rule && !(isObj(rule.map) && Object.values(rule.map).every(isStr)))
        out.push(`${path}.map: not a map of strings`);
    }
  if ('transcript' in p) {
    const t = p.transcript;
    if (!isObj(t)) out.push('transcript: not an object');
    else {
      if (!isStr(t.turn)) out.push('transcript.turn: missing');
      out.push(...optionalStr(t, 'text', 'transcript'), ...optionalStr(t, 'frame', 'transcript'));
      const s = t.speaker;
      if (!isObj(s)) out.push('transcript.speaker: not an object');
      else {
        out.push(...regexProblem(s.agent, 'transcript.speaker.agent'));
        out.push(...regexProblem(s.customer, 'transcript.speaker.customer'));
        out.push(...optionalStr(s, 'selector', 'transcript.speaker'));
        out.push(...optionalStr(s, 'attribute', 'transcript.speaker'));
      }
    }
  }
  for (const box of ['reply', 'notes'] as const) {
    if (!(box in p)) continue;
    const b = p[box];
    if (!isObj(b)) out.push(`${box}: not an object`);
    else
      out.push(...selectorProblem(b.selector, `${box}.selector`), ...optionalStr(b, 'frame', box));
  }
  return out;
}

// --- Loading a fixture page and its frames from disk, as the browser would see them.

const PAGE_BASE = 'http://127.0.0.1:5173';

/** The page a demo profile is for: the folder its match pattern names. */
function pageOf(profile: CrmProfile): string {
  const m = /^https?:\/\/[^/]+(\/crm\/[\w-]+\/)\*$/.exec(profile.matches[0] ?? '');
  if (!m) throw new Error(`${profile.id}: match pattern does not name a /crm/<page>/ folder`);
  return `${m[1]}index.html`;
}

const fileOf = (url: string): string => join(FIXTURES_DIR, new URL(url).pathname);

/** Decodes an HTML file by the charset it declares, as a browser does. */
function decodeHtml(bytes: Buffer): string {
  const head = bytes.subarray(0, 1024).toString('latin1');
  const charset = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? 'utf-8';
  return new TextDecoder(charset).decode(bytes);
}

interface Loaded {
  url: string;
  window: Window;
  document: Document;
}

/** Opens a page with its scripts running, then every frame/iframe it points at, in document order. */
function openPage(url: string, opened: Loaded[] = []): Loaded[] {
  const window = new Window({
    url,
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableIframePageLoading: true,
      navigator: { userAgent: 'fixture-test' },
    },
  });
  window.document.write(decodeHtml(readFileSync(fileOf(url))));
  const document = window.document as unknown as Document;
  opened.push({ url, window, document });
  for (const frame of Array.from(document.querySelectorAll('frame[src], iframe[src]'))) {
    openPage(new URL(frame.getAttribute('src')!, url).href, opened);
  }
  return opened;
}

function readAll(frames: Loaded[], profile: CrmProfile): FrameReading {
  return mergeFrames(frames.map((f) => readFrame(f.document, profile, f.url)));
}

async function closeAll(frames: Loaded[]): Promise<void> {
  await Promise.all(frames.map((f) => f.window.happyDOM.close()));
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

describe('bundled CRM profiles', () => {
  it('include a profile for every demo page', () => {
    expect(demoProfiles.map((p) => p.id).sort()).toEqual(DEMOS.map((d) => `demo-${d}`).sort());
  });

  it.each(profiles)('$file has the contract shape and passes the validator', ({ json }) => {
    expect(shapeProblems(json)).toEqual([]);
    const result = validateProfile(json);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('the shape check rejects a broken profile with the path of each problem', () => {
    const broken = {
      id: 'a b',
      name: '',
      matches: ['127.0.0.1'],
      fields: { caseId: { selector: [] }, agentId: { selector: '#a', pattern: '(' } },
      transcript: { turn: '.m', speaker: { agent: 'x' } },
      reply: {},
    };
    expect(shapeProblems(broken)).toEqual([
      'id: missing or not a plain name',
      'name: missing',
      'matches[0]: not a match pattern',
      'fields.caseId.selector: not a selector or a non-empty list of selectors',
      'fields.agentId.pattern: not a regular expression',
      'transcript.speaker.customer: not a string',
      'reply.selector: not a selector or a non-empty list of selectors',
    ]);
  });

  it.each(demoProfiles)('$id is chosen for its own page and frames only', (profile) => {
    const page = pageOf(profile);
    expect(existsSync(join(FIXTURES_DIR, page)), page).toBe(true);
    const frames = openPage(new URL(page, PAGE_BASE).href);
    for (const f of frames) expect(chooseProfile(f.url, demoProfiles)?.id, f.url).toBe(profile.id);
    for (const other of demoProfiles.filter((p) => p !== profile))
      expect(chooseProfile(new URL(pageOf(other), PAGE_BASE).href, [profile])).toBeUndefined();
    return closeAll(frames);
  });
});

describe('demo CRM pages', () => {
  it.each(demoProfiles)(
    '$id reads every field, the transcript, reply and notes',
    async (profile) => {
      const frames = openPage(new URL(`${pageOf(profile)}?auto=0&every=0`, PAGE_BASE).href);
      for (const f of frames) expect(existsSync(fileOf(f.url)), f.url).toBe(true);
      const reading = readAll(frames, profile);
      for (const name of KNOWN_FIELDS) {
        expect(reading.fields[name]?.status, `${profile.id} ${name}`).toBe('ok');
      }
      expect(CHANNELS).toContain(reading.fields.channel?.value);
      expect(CASE_TYPES).toContain(reading.fields.caseType?.value);
      expect(reading.fields.customerId?.value).toMatch(/^CIF\d{10}$/);
      expect(reading.fields.agentId?.value).toMatch(/^\d{5}$/);
      // No turn is dropped for an unrecognised speaker, and the customer is heard.
      const turnElements = frames.reduce(
        (n, f) => n + f.document.querySelectorAll(profile.transcript!.turn).length,
        0,
      );
      expect(reading.transcript?.length).toBe(turnElements);
      expect(turnElements).toBeGreaterThanOrEqual(2);
      expect(reading.transcript?.some((t) => t.speaker === 'customer')).toBe(true);
      // Each page's turns are in its own language (one demo is an English CRM).
      const script = profile.id === 'demo-english' ? /[a-z]{3}/i : /[\u4e00-\u9fff]/;
      for (const turn of reading.transcript ?? []) expect(turn.text).toMatch(script);
      expect(reading.hasReply).toBe(true);
      expect(reading.notes).toBe('');
      await closeAll(frames);
    },
  );

  it('use nothing from the network', () => {
    const external =
      /(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?\/\/|url\(\s*["']?(?:https?:)?\/\/|@import/i;
    const pages = DEMOS.flatMap((d) =>
      readdirSync(join(FIXTURES_DIR, 'crm', d)).map((f) => join(FIXTURES_DIR, 'crm', d, f)),
    );
    expect(pages.length).toBeGreaterThanOrEqual(DEMOS.length);
    for (const file of pages) expect(decodeHtml(readFileSync(file)), file).not.toMatch(external);
  });

  it('the legacy detail frame is GBK on disk and reads as Chinese', async () => {
    const bytes = readFileSync(join(FIXTURES_DIR, 'crm/legacy/detail.html'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = new TextDecoder('gbk', { fatal: true }).decode(bytes);
    expect(text).toMatch(/<meta charset="gbk">/i);
    expect(text).toContain('<td id="product">稳享添利90天</td>');
    expect(text).toContain('封闭期内不可提前赎回');
    const legacy = demoProfiles.find((p) => p.id === 'demo-legacy')!;
    const frames = openPage(new URL(pageOf(legacy), PAGE_BASE).href);
    expect(readAll(frames, legacy).fields.product?.value).toBe('稳享添利90天');
    await closeAll(frames);
  });

  it('the SPA swaps to another case without reloading', async () => {
    const spa = demoProfiles.find((p) => p.id === 'demo-spa')!;
    const frames = openPage(new URL(`${pageOf(spa)}?auto=0`, PAGE_BASE).href);
    const page = frames[0]!;
    const before = readAll(frames, spa);
    const demo = (
      page.window as unknown as { demo: { switchCase(id: string): void; caseIds: string[] } }
    ).demo;
    const other = demo.caseIds.find((id) => id !== before.fields.caseId?.value)!;
    demo.switchCase(other);
    const after = readAll(frames, spa);
    expect(after.fields.caseId?.value).toBe(other);
    expect(after.fields.customerName?.value).not.toBe(before.fields.customerName?.value);
    expect(after.fields.customerId?.value).not.toBe(before.fields.customerId?.value);
    expect(after.transcript?.[0]?.text).not.toBe(before.transcript?.[0]?.text);
    expect(page.window.location.href).toBe(page.url);
    await closeAll(frames);
  });

  it('the re-rendering page replaces its case area with the same case', async () => {
    const profile = demoProfiles.find((p) => p.id === 'demo-rerender')!;
    const frames = openPage(new URL(`${pageOf(profile)}?every=20`, PAGE_BASE).href);
    const doc = frames[0]!.document;
    const first = doc.querySelector('#caseArea .case-no')!;
    const before = readAll(frames, profile);
    await sleep(80);
    expect(first.isConnected).toBe(false);
    expect(Number(doc.querySelector('#renderCount')!.getAttribute('data-count'))).toBeGreaterThan(
      1,
    );
    expect(readAll(frames, profile)).toEqual(before);
    await closeAll(frames);
  });

  it('the controlled reply box drops a value set without an input event', async () => {
    const frames = openPage(new URL('/crm/controlled/index.html', PAGE_BASE).href);
    const doc = frames[0]!.document;
    const box = doc.querySelector<HTMLTextAreaElement>('#draft')!;
    const counter = doc.querySelector('#charCount')!;
    box.value = '直接赋值';
    await sleep(250);
    expect(box.value).toBe('');
    expect(counter.getAttribute('data-length')).toBe('0');
    box.value = '您好，已收到';
    box.dispatchEvent(new frames[0]!.window.Event('input', { bubbles: true }) as unknown as Event);
    await sleep(250);
    expect(box.value).toBe('您好，已收到');
    expect(counter.getAttribute('data-length')).toBe('6');
    await closeAll(frames);
  });
});

describe('the customer risk and marketing context on the demo pages', () => {
  const CONTEXT = [
    'customerRiskLevel',
    'riskAssessedAt',
    'productRiskLevel',
    'productType',
    'marketingOptOut',
    'contactParty',
  ] as const;
  type Context = Partial<Record<(typeof CONTEXT)[number] | 'caseType' | 'channel', string>>;
  const contextOf = (reading: FrameReading): Context =>
    Object.fromEntries(
      [...CONTEXT, 'caseType', 'channel'].flatMap((name) => {
        const value = reading.fields[name]?.value;
        return value === undefined ? [] : [[name, value]];
      }),
    );

  it('the SPA shows each case its own context, normalised by the profile', async () => {
    const spa = demoProfiles.find((p) => p.id === 'demo-spa')!;
    const frames = openPage(new URL(`${pageOf(spa)}?auto=0`, PAGE_BASE).href);
    const demo = (
      frames[0]!.window as unknown as { demo: { switchCase(id: string): void; caseIds: string[] } }
    ).demo;
    const read = (id: string) => {
      demo.switchCase(id);
      return readAll(frames, spa);
    };
    // The first three cases keep their order; the new ones come after them.
    expect(demo.caseIds.slice(0, 3)).toEqual([
      'GD202611290412',
      'GD202611290415',
      'GD202611290421',
    ]);
    for (const id of demo.caseIds.slice(0, 3)) {
      expect(contextOf(read(id)), id).toMatchObject({
        customerRiskLevel: expect.stringMatching(/^C[3-4]$/),
        riskAssessedAt: expect.stringMatching(/^2026-\d{2}-\d{2}$/),
        marketingOptOut: 'none',
        contactParty: 'self',
      });
    }
    expect(contextOf(read('GD202611290415'))).toMatchObject({
      productType: 'deposit',
      productRiskLevel: 'R1',
    });
    expect(contextOf(read('GD202611290433'))).toEqual({
      customerRiskLevel: 'C2',
      riskAssessedAt: '2026-03-10',
      productRiskLevel: 'R4',
      productType: 'wealth',
      marketingOptOut: 'phone',
      contactParty: 'self',
      caseType: 'inquiry',
      channel: 'chat',
    });
    expect(frames[0]!.document.querySelector('[data-bind=riskAssessedAt]')?.textContent).toBe(
      '2026年3月10日',
    );
    const collections = read('GD202611290437');
    expect(contextOf(collections)).toMatchObject({
      caseType: 'collections',
      channel: 'phone',
      contactParty: 'third_party',
      productType: 'loan',
      marketingOptOut: 'all',
    });
    expect(collections.transcript?.map((t) => t.speaker)).toEqual(['agent', 'customer']);
    // No assessment on file: the page shows the fields empty of a level or a date.
    const unassessed = read('GD202611290442');
    expect(unassessed.fields.customerRiskLevel).toMatchObject({ status: 'empty' });
    expect(unassessed.fields.riskAssessedAt).toMatchObject({ status: 'empty' });
    expect(contextOf(unassessed)).toMatchObject({ productType: 'fund', productRiskLevel: 'R3' });
    await closeAll(frames);
  });

  it('the English page shows the same context for the default case and each ?case=', async () => {
    const english = demoProfiles.find((p) => p.id === 'demo-english')!;
    const read = async (query: string) => {
      const frames = openPage(new URL(`${pageOf(english)}${query}`, PAGE_BASE).href);
      const reading = readAll(frames, english);
      await closeAll(frames);
      return reading;
    };
    const first = await read('');
    expect(first.fields.caseId?.value).toBe('SR-2026-11-0871');
    expect(contextOf(first)).toMatchObject({
      customerRiskLevel: 'C3',
      riskAssessedAt: '2026-06-24',
      productType: 'deposit',
      marketingOptOut: 'none',
      contactParty: 'self',
    });
    const wealth = await read('?case=SR-2026-11-0902');
    expect(wealth.fields.caseId?.value).toBe('SR-2026-11-0902');
    expect(wealth.fields.product?.value).toBe('Growth Fund 180 (R4)');
    expect(contextOf(wealth)).toEqual({
      customerRiskLevel: 'C2',
      riskAssessedAt: '2026-03-10',
      productRiskLevel: 'R4',
      productType: 'wealth',
      marketingOptOut: 'phone',
      contactParty: 'self',
      caseType: 'inquiry',
      channel: 'chat',
    });
    const collections = await read('?case=SR-2026-11-0915');
    expect(contextOf(collections)).toMatchObject({
      caseType: 'collections',
      channel: 'phone',
      contactParty: 'third_party',
      marketingOptOut: 'all',
    });
    expect(collections.transcript?.map((t) => t.speaker)).toEqual(['agent', 'customer']);
    const unassessed = await read('?case=SR-2026-11-0920');
    expect(unassessed.fields.customerRiskLevel).toMatchObject({ status: 'empty' });
    expect(contextOf(unassessed)).toMatchObject({ productType: 'fund', productRiskLevel: 'R3' });
  });
});

describe('fixture server', () => {
  let served: Awaited<ReturnType<typeof serveFixtures>>;
  beforeAll(async () => {
    served = await serveFixtures({ port: 0 });
  });
  afterAll(() => served.close());

  const get = (base: string, path: string) =>
    fetch(new URL(path, base)).then(async (r) => ({
      status: r.status,
      type: r.headers.get('content-type'),
      body: Buffer.from(await r.arrayBuffer()),
    }));

  it('serves the second origin on the next port', () => {
    expect(new URL(served.crossUrl).port).toBe(String(Number(new URL(served.url).port) + 1));
    expect(new URL(served.url).hostname).toBe('127.0.0.1');
  });

  it.each(DEMOS)('serves /crm/%s/ as UTF-8 HTML on both origins', async (demo) => {
    for (const base of [served.url, served.crossUrl]) {
      const r = await get(base, `/crm/${demo}/index.html`);
      expect(r.status).toBe(200);
      expect(r.type).toBe('text/html; charset=utf-8');
      expect(r.body.equals(readFileSync(join(FIXTURES_DIR, 'crm', demo, 'index.html')))).toBe(true);
    }
  });

  it('serves the GBK frame as GBK, byte for byte', async () => {
    const r = await get(served.url, '/crm/legacy/detail.html');
    expect(r.type).toBe('text/html; charset=gbk');
    expect(r.body.equals(readFileSync(join(FIXTURES_DIR, 'crm/legacy/detail.html')))).toBe(true);
    expect(new TextDecoder('gbk').decode(r.body)).toContain('稳享添利90天');
  });

  it('serves a folder by its index page and refuses what is not there', async () => {
    expect((await get(served.url, '/crm/spa/')).status).toBe(200);
    expect((await get(served.url, '/crm/nowhere.html')).status).toBe(404);
    // Raw request lines that climb out of the fixtures (fetch would normalise them away).
    const statusOf = (path: string) =>
      new Promise<number | undefined>((done, fail) => {
        const u = new URL(served.url);
        request({ host: u.hostname, port: u.port, path }, (res) => {
          res.resume();
          done(res.statusCode);
        })
          .on('error', fail)
          .end();
      });
    expect(await statusOf('/../../package.json')).toBe(404);
    expect(await statusOf('/..%2f..%2fpackage.json')).toBe(403);
  });
});
