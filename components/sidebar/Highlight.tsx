/** Text with the spans that matched marked; the text is rendered as text, never as HTML. */
export function Highlight({ text, spans }: { text: string; spans: readonly [number, number][] }) {
  if (spans.length === 0) return <>{text}</>;
  const parts: preact.JSX.Element[] = [];
  let at = 0;
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  sorted.forEach(([start, end], i) => {
    if (start < at) start = at;
    if (end <= start) return;
    if (start > at) parts.push(<span key={`t${i}`}>{text.slice(at, start)}</span>);
    parts.push(<mark key={`m${i}`}>{text.slice(start, end)}</mark>);
    at = end;
  });
  if (at < text.length) parts.push(<span key="rest">{text.slice(at)}</span>);
  return <>{parts}</>;
}
