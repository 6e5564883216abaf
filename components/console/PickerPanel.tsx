import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { listen, type PagesProtocol, type PickedElement } from '../../extension/messages.ts';
import { hasAccess, originsOf, requestAccess } from '../../extension/profiles-store.ts';
import { mergeFrames, type FieldReading, type FrameReading } from '../../knowledge/crm/reader.ts';
import { type CrmProfile, matchesPattern } from '../../knowledge/crm/profile.ts';
import { KNOWN_FIELDS } from '../../knowledge/types.ts';
import type { SchemaError } from '../../knowledge/authoring/schema.ts';
import { translateOr, useT } from '../shared/i18n.ts';
import { checkProfileJson, ErrorList } from './ProfileEditor.tsx';

/** What the live test found for one profile entry, merged over frames and per frame. */
interface TargetResult {
  status: FieldReading['status'];
  value?: string;
  frames: { url: string; topFrame: boolean; status: string; value?: string; count: number }[];
}

interface FrameTest {
  url: string;
  topFrame: boolean;
  reading: FrameReading;
  counts: Record<string, number[]>;
}

interface Scripting {
  executeScript(i: {
    target: { tabId: number; allFrames?: boolean };
    files?: string[];
    func?: (...args: never[]) => unknown;
    args?: unknown[];
  }): Promise<{ frameId: number; result?: unknown }[]>;
}
const scripting = (): Scripting => (browser as unknown as { scripting: Scripting }).scripting;

type PickerGlobal = {
  __sopPicker?: {
    start(t: string, l: string): void;
    stop(): void;
    test(p: unknown): unknown;
  };
};

/** Injects the picker into every frame of a tab (idempotent) and runs one of its calls there. */
async function inFrames<R>(
  tabId: number,
  func: (...args: never[]) => R,
  args: unknown[],
): Promise<{ frameId: number; result?: R }[]> {
  await scripting().executeScript({ target: { tabId, allFrames: true }, files: ['/picker.js'] });
  const out = await scripting().executeScript({ target: { tabId, allFrames: true }, func, args });
  return out as { frameId: number; result?: R }[];
}

const startPicker = (target: string, label: string): void =>
  (globalThis as PickerGlobal).__sopPicker?.start(target, label);
const stopPicker = (): void => (globalThis as PickerGlobal).__sopPicker?.stop();
const testProfile = (profile: unknown): unknown =>
  (globalThis as PickerGlobal).__sopPicker?.test(profile);

const STATUS_LABEL = {
  ok: 'pickerStatus_ok',
  missing: 'pickerStatus_missing',
  empty: 'pickerStatus_empty',
  'bad-selector': 'pickerStatus_badSelector',
} as const;

const TARGETS_AFTER = ['reply', 'notes', 'transcript.turn'] as const;

function newProfile(url: string | undefined): CrmProfile {
  let host = 'crm';
  let matches: string[] = [];
  try {
    const u = new URL(url ?? '');
    host = u.hostname;
    matches = [`${u.protocol}//${u.hostname}/*`];
  } catch {
    /* no tab chosen yet */
  }
  return {
    id: host.replace(/[^\w.-]+/g, '-'),
    name: host,
    matches,
    fields: {},
  };
}

/** A URL glob that limits a rule to the frame it was picked in (path only: origins vary). */
function frameGlob(url: string): string {
  try {
    return `*${new URL(url).pathname}*`;
  } catch {
    return '*';
  }
}

function ruleSelectors(profile: CrmProfile, target: string): string[] {
  if (target === 'transcript.turn') return profile.transcript ? [profile.transcript.turn] : [];
  const rule =
    target === 'reply'
      ? profile.reply
      : target === 'notes'
        ? profile.notes
        : profile.fields[target];
  if (!rule) return [];
  return Array.isArray(rule.selector) ? rule.selector : [rule.selector];
}

/** Applies a pick to a profile: the selector and its fallbacks, and the frame when not the top. */
function applyPick(profile: CrmProfile, p: PickedElement): CrmProfile {
  const selector = p.alternatives.length > 0 ? [p.selector, ...p.alternatives] : p.selector;
  const frame = p.topFrame ? {} : { frame: frameGlob(p.frameUrl) };
  if (p.target === 'transcript.turn') {
    return {
      ...profile,
      transcript: {
        speaker: profile.transcript?.speaker ?? {
          attribute: 'class',
          agent: 'agent',
          customer: 'customer',
        },
        ...profile.transcript,
        turn: p.selector,
        ...(p.text ? { text: p.text } : {}),
        // What the turns' markup says about speakers beats the default guess.
        ...(p.speaker ? { speaker: p.speaker } : {}),
        ...frame,
      },
    };
  }
  if (p.target === 'reply' || p.target === 'notes')
    return { ...profile, [p.target]: { selector, ...frame } };
  const old = profile.fields[p.target];
  const { frame: _drop, ...kept } = old ?? { selector };
  return {
    ...profile,
    fields: { ...profile.fields, [p.target]: { ...kept, selector, ...frame } },
  };
}

/** Merges the frames' test results into one result per profile entry. */
function summarise(profile: CrmProfile, tests: FrameTest[]): Record<string, TargetResult> {
  const merged = mergeFrames(tests.map((f) => f.reading));
  const out: Record<string, TargetResult> = {};
  const frames = (target: string, one: (f: FrameTest) => { status: string; value?: string }) =>
    tests.map((f) => ({
      url: f.url,
      topFrame: f.topFrame,
      count: Math.max(0, ...(f.counts[target] ?? [0])),
      ...one(f),
    }));
  for (const name of Object.keys(profile.fields)) {
    const m = merged.fields[name] ?? { status: 'missing' as const };
    out[name] = {
      status: m.status,
      ...(m.value !== undefined ? { value: m.value } : {}),
      frames: frames(name, (f) => f.reading.fields[name] ?? { status: 'skipped' }),
    };
  }
  const boxStatus = (target: 'reply' | 'notes'): TargetResult['status'] => {
    const counts = tests.flatMap((f) => f.counts[target] ?? []);
    if (counts.some((c) => c > 0)) return 'ok';
    return counts.some((c) => c < 0) ? 'bad-selector' : 'missing';
  };
  if (profile.reply)
    out.reply = {
      status: boxStatus('reply'),
      frames: frames('reply', (f) => ({ status: f.reading.hasReply ? 'ok' : 'missing' })),
    };
  if (profile.notes)
    out.notes = {
      status: boxStatus('notes'),
      ...(merged.notes !== undefined ? { value: merged.notes } : {}),
      frames: frames('notes', (f) => ({
        status: f.reading.notes !== undefined ? 'ok' : 'missing',
        ...(f.reading.notes !== undefined ? { value: f.reading.notes } : {}),
      })),
    };
  if (profile.transcript) {
    const turns = merged.transcript ?? [];
    const counts = tests.flatMap((f) => f.counts['transcript.turn'] ?? []);
    out['transcript.turn'] = {
      status:
        turns.length > 0
          ? 'ok'
          : counts.some((c) => c < 0)
            ? 'bad-selector'
            : counts.some((c) => c > 0)
              ? 'empty'
              : 'missing',
      value: turns
        .map((t) => `${t.speaker}: ${t.text}`)
        .slice(-3)
        .join(' / '),
      frames: frames('transcript.turn', (f) => ({
        status: f.reading.transcript ? 'ok' : 'missing',
        value: String(f.reading.transcript?.length ?? 0),
      })),
    };
  }
  return out;
}

/**
 * Maps a CRM page with the point-and-click picker: choose an open CRM tab, grant access to its
 * origin, pick an element for each field, see what every frame reads, save the profile.
 */
export function PickerPanel({
  initial,
  onSave,
  onClose,
}: {
  initial?: CrmProfile;
  onSave: (p: CrmProfile) => Promise<void>;
  onClose: () => void;
}) {
  const { t, locale } = useT();
  const [tabs, setTabs] = useState<{ id: number; title: string; url: string }[]>([]);
  const [tabId, setTabId] = useState<number | undefined>();
  const [profile, setProfile] = useState<CrmProfile>(initial ?? newProfile(undefined));
  const [matchesText, setMatchesText] = useState((initial?.matches ?? []).join('\n'));
  const [granted, setGranted] = useState(false);
  const [picking, setPicking] = useState<string | null>(null);
  const [results, setResults] = useState<Record<string, TargetResult> | null>(null);
  const [errors, setErrors] = useState<SchemaError[]>([]);
  const [message, setMessage] = useState('');
  const [extra, setExtra] = useState('');

  const matches = matchesText.split(/\s+/).filter((m) => m !== '');
  const withMatches = { ...profile, matches };
  const tab = tabs.find((x) => x.id === tabId);

  const loadTabs = async (): Promise<void> => {
    const all = await browser.tabs.query({});
    const list = all
      .filter((x) => x.id !== undefined && /^https?:/.test(x.url ?? ''))
      .map((x) => ({ id: x.id!, title: x.title ?? '', url: x.url ?? '' }));
    setTabs(list);
  };
  useEffect(() => {
    void loadTabs();
  }, []);
  useEffect(() => {
    void hasAccess({ matches }).then(setGranted, () => setGranted(false));
  }, [matchesText]);

  const chooseTab = (id: number): void => {
    setTabId(id);
    setResults(null);
    const url = tabs.find((x) => x.id === id)?.url;
    if (!initial && url) {
      const fresh = newProfile(url);
      setProfile((p) => ({
        ...p,
        id: fresh.id,
        name: p.name === 'crm' || !p.name ? fresh.name : p.name,
      }));
      if (matches.length === 0) setMatchesText(fresh.matches.join('\n'));
    }
  };

  // What the pick handler must see now, not as of the render that registered it.
  const live = useRef({ tabId, picking: null as string | null, profile: withMatches });
  live.current.tabId = tabId;
  live.current.profile = withMatches;

  const runTest = async (p: CrmProfile = live.current.profile): Promise<void> => {
    const id = live.current.tabId;
    if (id === undefined) return;
    try {
      const out = await inFrames(id, testProfile as (...a: never[]) => unknown, [p]);
      const tests = out
        .sort((a, b) => a.frameId - b.frameId)
        .map((r) => r.result as FrameTest | undefined)
        .filter((r): r is FrameTest => r !== undefined && r !== null);
      setResults(summarise(p, tests));
      setMessage('');
    } catch (e) {
      setMessage(t('pickerNoAccess', (e as Error).message));
    }
  };

  // The picker in the CRM tab reports each click here.
  useEffect(
    () =>
      listen<PagesProtocol>({
        'picker/picked': {
          from: 'content',
          run: async (picked, sender) => {
            const now = live.current;
            if (sender.tab?.id !== now.tabId || picked.target !== now.picking) return { ok: false };
            now.picking = null;
            const next = applyPick(now.profile, picked);
            setProfile(next);
            setPicking(null);
            if (now.tabId !== undefined)
              void inFrames(now.tabId, stopPicker, []).catch(() => undefined);
            void runTest(next);
            return { ok: true };
          },
        },
      }),
    [],
  );

  const pick = async (target: string): Promise<void> => {
    if (tabId === undefined) return;
    const label = translateOr(locale, `field_${target}`, target);
    try {
      await inFrames(tabId, startPicker as (...a: never[]) => void, [target, label]);
      // Shown as picking only once every frame listens for the click.
      live.current.picking = target;
      setPicking(target);
      await browser.tabs.update(tabId, { active: true });
    } catch (e) {
      live.current.picking = null;
      setPicking(null);
      setMessage(t('pickerNoAccess', (e as Error).message));
    }
  };

  const grant = (): void => {
    // Straight from the click: the browser asks only during a user gesture.
    void requestAccess({ matches })
      .then(async (ok) => {
        setGranted(ok);
        setMessage(ok ? t('accessGranted') : t('accessRefused'));
        if (ok) await loadTabs();
      })
      .catch((e: Error) => setMessage(e.message));
  };

  const setSelector = (target: string, text: string): void => {
    const list = text
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const selector = list.length === 1 ? list[0]! : list;
    if (list.length === 0) return;
    if (target === 'transcript.turn')
      setProfile((p) => ({
        ...p,
        transcript: {
          speaker: { attribute: 'class', agent: 'agent', customer: 'customer' },
          ...p.transcript,
          turn: list[0]!,
        },
      }));
    else if (target === 'reply' || target === 'notes')
      setProfile((p) => ({ ...p, [target]: { ...p[target], selector } }));
    else
      setProfile((p) => ({
        ...p,
        fields: { ...p.fields, [target]: { ...p.fields[target], selector } },
      }));
  };

  const save = async (): Promise<void> => {
    const checked = checkProfileJson(JSON.stringify(withMatches));
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors([]);
    await onSave(checked.profile);
  };

  const targets = [
    ...KNOWN_FIELDS,
    ...Object.keys(profile.fields).filter((f) => !(KNOWN_FIELDS as readonly string[]).includes(f)),
    ...TARGETS_AFTER,
  ];

  return (
    <div class="picker-panel">
      <h2>{t('pickerTitle')}</h2>
      <p class="small muted">{t('pickerIntro')}</p>
      <label>
        {t('pickerTab')}{' '}
        <select
          data-action="tab"
          value={tabId === undefined ? '' : String(tabId)}
          onChange={(e) => chooseTab(Number(e.currentTarget.value))}
        >
          <option value="">{t('pickerChooseTab')}</option>
          {tabs.map((x) => (
            <option key={x.id} value={String(x.id)}>
              {x.title ? `${x.title} — ${x.url}` : x.url}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" data-action="reload-tabs" onClick={() => void loadTabs()}>
        {t('pickerReloadTabs')}
      </button>
      <div class="picker-meta">
        <label>
          {t('pickerProfileId')}{' '}
          <input
            data-role="profile-id"
            value={profile.id}
            onInput={(e) => setProfile({ ...profile, id: e.currentTarget.value })}
          />
        </label>{' '}
        <label>
          {t('colName')}{' '}
          <input
            data-role="profile-name"
            value={profile.name}
            onInput={(e) => setProfile({ ...profile, name: e.currentTarget.value })}
          />
        </label>
        <label style={{ display: 'block' }}>
          {t('colMatches')}
          <textarea
            data-role="matches"
            rows={2}
            value={matchesText}
            onInput={(e) => setMatchesText(e.currentTarget.value)}
            style={{ width: '100%' }}
          />
        </label>
        {matches.length > 0 && (
          <p class="small" data-access={granted ? 'granted' : 'missing'}>
            {granted
              ? t('accessHave', originsOf({ matches }).join(' '))
              : t('accessNeed', originsOf({ matches }).join(' '))}{' '}
            {!granted && (
              <button type="button" data-action="grant" onClick={grant}>
                {t('accessGrant')}
              </button>
            )}
          </p>
        )}
        {tab && matches.length > 0 && !matches.some((m) => matchesPattern(tab.url, m)) && (
          <p class="small" role="alert">
            {t('pickerTabNotMatched')}
          </p>
        )}
      </div>
      {message && <p role="status">{message}</p>}
      <table class="picker-fields">
        <thead>
          <tr>
            <th>{t('pickerField')}</th>
            <th>{t('pickerSelector')}</th>
            <th>{t('pickerResult')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {targets.map((target) => {
            const r = results?.[target];
            const sels = ruleSelectors(profile, target);
            const broken = r && r.status !== 'ok';
            return (
              <tr key={target} data-target={target}>
                <td>{translateOr(locale, `field_${target}`, target)}</td>
                <td>
                  <textarea
                    data-role="selector"
                    rows={Math.max(1, sels.length)}
                    value={sels.join('\n')}
                    onChange={(e) => setSelector(target, e.currentTarget.value)}
                    style={{ width: '100%', fontFamily: 'ui-monospace, monospace' }}
                  />
                </td>
                <td
                  data-role="result"
                  data-status={r ? r.status : sels.length > 0 ? 'untested' : 'unmapped'}
                  data-value={r?.value ?? ''}
                  class={broken ? 'broken' : undefined}
                >
                  {!r
                    ? sels.length > 0
                      ? t('pickerUntested')
                      : '—'
                    : r.status === 'ok'
                      ? `✓ ${r.value ?? t('pickerFound')}`
                      : `✗ ${t(STATUS_LABEL[r.status])}`}
                  {r && r.frames.length > 1 && (
                    <ul class="small muted frames">
                      {r.frames.map((f, i) => (
                        <li key={i} data-frame={f.url}>
                          {f.topFrame ? t('pickerTopFrame') : f.url}:{' '}
                          {f.status === 'ok' ? (f.value ?? '✓') : f.status} (
                          {t('pickerMatches', f.count)})
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    data-action="pick"
                    disabled={tabId === undefined}
                    aria-pressed={picking === target}
                    onClick={() => void pick(target)}
                  >
                    {picking === target ? t('pickerPicking') : t('pickerPick')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>
        <input
          data-role="new-field"
          placeholder={t('pickerNewField')}
          value={extra}
          onInput={(e) => setExtra(e.currentTarget.value)}
        />{' '}
        <button
          type="button"
          data-action="add-field"
          disabled={!/^[A-Za-z_]\w*$/.test(extra)}
          onClick={() => {
            setProfile({
              ...profile,
              fields: { ...profile.fields, [extra]: { selector: `[data-field="${extra}"]` } },
            });
            setExtra('');
          }}
        >
          {t('pickerAddField')}
        </button>
      </p>
      <ErrorList errors={errors} />
      <button
        type="button"
        data-action="test"
        disabled={tabId === undefined}
        onClick={() => void runTest()}
      >
        {t('pickerTest')}
      </button>{' '}
      <button type="button" class="primary" data-action="save-profile" onClick={() => void save()}>
        {t('pickerSave')}
      </button>{' '}
      <button
        type="button"
        data-action="close"
        onClick={() => {
          if (tabId !== undefined) void inFrames(tabId, stopPicker, []).catch(() => undefined);
          onClose();
        }}
      >
        {t('profileCancel')}
      </button>
    </div>
  );
}
