import type { Turn } from '../../knowledge/types.ts';
import { useT } from '../shared/i18n.ts';

/** The conversation as read from the CRM, newest last. */
export function Transcript({ turns }: { turns: Turn[] }) {
  const { t } = useT();
  return (
    <section class="card" aria-labelledby="transcript-title">
      <h2 id="transcript-title">{t('sectionTranscript')}</h2>
      {turns.length === 0 ? (
        <p class="muted">{t('noTurns')}</p>
      ) : (
        <ol class="transcript">
          {turns.map((turn, i) => (
            <li key={i} class={`turn ${turn.speaker}`} data-turn={i} data-speaker={turn.speaker}>
              <span class="speaker">
                {t(turn.speaker === 'agent' ? 'speaker_agent' : 'speaker_customer')}
              </span>
              <span class="text">{turn.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
