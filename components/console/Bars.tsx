/** A horizontal bar chart in plain elements and CSS (no chart library, text only). */
export interface Bar {
  key: string;
  label: string;
  /** 0..1 of the bar's full width. */
  share: number;
  /** What the bar says in words, e.g. "86% (43/50)". */
  value: string;
  tone?: 'ok' | 'warn' | 'bad';
}

/** Tone of a compliance rate: green from 90%, amber from 75%, red below. */
export const rateTone = (rate: number): Bar['tone'] =>
  rate >= 0.9 ? 'ok' : rate >= 0.75 ? 'warn' : 'bad';

export function Bars({ bars, label, name }: { bars: Bar[]; label: string; name: string }) {
  return (
    <ul class="bars" aria-label={label} data-chart={name}>
      {bars.map((b) => (
        <li key={b.key} data-bar={b.key}>
          <span class="bar-label">{b.label}</span>
          <span class="bar-track" aria-hidden="true">
            <span
              class={`bar-fill ${b.tone ?? ''}`}
              style={{ width: `${Math.max(0, Math.min(1, b.share)) * 100}%` }}
            />
          </span>
          <span class="bar-value">{b.value}</span>
        </li>
      ))}
    </ul>
  );
}
