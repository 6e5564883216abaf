import { describe, expect, it } from 'vitest';
import { isQuotaError, StorageFullError } from '../../../extension/quota.ts';

describe('recognising a full disk', () => {
  it('knows IndexedDB and extension-storage refusals, however wrapped', () => {
    expect(
      isQuotaError(new DOMException('The quota has been exceeded.', 'QuotaExceededError')),
    ).toBe(true);
    // Dexie wraps the browser's error as `inner`.
    const inner = new DOMException('', 'QuotaExceededError');
    expect(isQuotaError({ name: 'AbortError', message: 'aborted', inner })).toBe(true);
    expect(
      isQuotaError(new Error('Session storage quota bytes exceeded. Values were not stored.')),
    ).toBe(true);
    expect(isQuotaError(new Error('Resource::kQuotaBytes quota exceeded'))).toBe(true);
    expect(isQuotaError(new StorageFullError())).toBe(true);
  });

  it('does not take other failures for a full disk', () => {
    expect(isQuotaError(new Error('Could not establish connection.'))).toBe(false);
    expect(isQuotaError(new DOMException('', 'ConstraintError'))).toBe(false);
    expect(isQuotaError(undefined)).toBe(false);
    expect(isQuotaError('quota')).toBe(false);
  });
});
