import { useEffect, useRef, useState, type MutableRef } from 'preact/hooks';
import type { Suggestion } from './SuggestionItem.tsx';
import { bodyOf } from './suggestion.ts';
import type { Typeahead } from './useTypeahead.ts';
import type { UsedItem } from '../../knowledge/case/session.ts';

export interface ShortcutActions {
  typeahead: Typeahead;
  /** The current step's best script (Alt+Enter). */
  topScript: Suggestion | undefined;
  /** The current step (Alt+T ticks it). */
  current: string | undefined;
  insert: (text: string, id: string, used?: UsedItem) => void;
  tick: (stepId: string, done: boolean) => void;
  /** Drafts the case summary for the ticket (Alt+S). */
  draftSummary: () => void;
}

export interface Shortcuts {
  /** The search box, which `/` and Ctrl+K focus. */
  searchRef: MutableRef<HTMLInputElement | null>;
  /** The search box's own keys. */
  onSearchKey: (e: KeyboardEvent) => void;
  /** Whether the shortcuts' help shows (`?` toggles it, Escape closes it). */
  help: boolean;
  showHelp: (open: boolean) => void;
}

const isTyping = (e: KeyboardEvent) =>
  e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);

/**
 * The sidebar's keyboard: `/` or Ctrl+K to search, `?` for help, Alt+Enter inserts the step's
 * top script, Alt+T ticks the current step, Alt+S drafts the case summary, Escape closes help; in the search box, arrows move
 * the highlight, Enter inserts it, Escape clears.
 */
export function useShortcuts(a: ShortcutActions): Shortcuts {
  const searchRef = useRef<HTMLInputElement>(null);
  const [help, setHelp] = useState(false);
  // Registered again after every render, so the keys act on what is shown now.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (
        (e.key === '/' && !isTyping(e)) ||
        (e.key.toLowerCase() === 'k' && (e.ctrlKey || e.metaKey))
      ) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === '?' && !isTyping(e)) {
        setHelp((h) => !h);
      } else if (e.altKey && e.key === 'Enter') {
        e.preventDefault();
        const top = a.topScript;
        if (top)
          a.insert(bodyOf(top), top.item.id, {
            kind: top.kind,
            id: top.item.id,
            title: top.item.title,
          });
      } else if (e.altKey && e.code === 'KeyS') {
        e.preventDefault();
        a.draftSummary();
      } else if (e.altKey && e.code === 'KeyT') {
        e.preventDefault();
        if (a.current) a.tick(a.current, true);
      } else if (e.key === 'Escape') {
        setHelp(false);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const { typeahead } = a;
  const onSearchKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      typeahead.move(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      typeahead.move(-1);
    } else if (e.key === 'Enter' && !e.isComposing) {
      const hit = typeahead.results[typeahead.selected];
      if (hit) {
        e.preventDefault();
        typeahead.picked(hit.item.id);
        a.insert(bodyOf(hit), hit.item.id);
      }
    } else if (e.key === 'Escape') {
      typeahead.clear();
    }
  };
  return { searchRef, onSearchKey, help, showHelp: setHelp };
}
