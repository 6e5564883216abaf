import { useState } from 'preact/hooks';

export interface Toast {
  text: string;
  ok: boolean;
}

/** A short status line (what was inserted, saved or refused) that goes away by itself. */
export function useToast(): { toast: Toast | null; flash: (text: string, ok: boolean) => void } {
  const [toast, setToast] = useState<Toast | null>(null);
  const flash = (text: string, ok: boolean) => {
    setToast({ text, ok });
    setTimeout(() => setToast(null), 3000);
  };
  return { toast, flash };
}
