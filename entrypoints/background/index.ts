import { defineBackground } from 'wxt/utils/define-background';
import { startHub } from './hub.ts';

export default defineBackground(() => {
  startHub();
});
