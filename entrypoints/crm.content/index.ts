import { defineContentScript } from 'wxt/utils/define-content-script';
import { runCrmFrame } from './frame.ts';

export default defineContentScript({
  // Replaced at build time by the bundled CRM profiles' patterns (wxt.config.ts).
  matches: ['http://127.0.0.1/*'],
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    // Registered statically for bundled profiles and at run time for user ones: run once.
    const flag = globalThis as { __sopCrmFrame?: boolean };
    if (flag.__sopCrmFrame) return;
    flag.__sopCrmFrame = true;
    void runCrmFrame(ctx);
  },
});
