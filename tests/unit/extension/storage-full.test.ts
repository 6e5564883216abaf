import { beforeEach, describe, expect, it, vi } from 'vitest';

// The notice is an extension-storage item: a plain variable stands in for it here.
const notice = vi.hoisted(() => ({ value: null as { at: number } | null, writes: 0 }));
vi.mock('../../../extension/storage.ts', () => ({
  storageFullItem: {
    getValue: () => Promise.resolve(notice.value),
    setValue: (v: { at: number } | null) => {
      notice.value = v;
      notice.writes++;
      return Promise.resolve();
    },
  },
}));

const { guardWrite, rememberRoom } = await import('../../../extension/storage-full.ts');
const full = () => Promise.reject(new DOMException('', 'QuotaExceededError'));
const fine = () => Promise.resolve();

describe('the storage-full notice', () => {
  beforeEach(async () => {
    await rememberRoom('disk', true);
    await rememberRoom('session', true);
    notice.value = null;
    notice.writes = 0;
  });

  it('is raised on a full disk and cleared when a write succeeds again', async () => {
    expect(await guardWrite('disk', full)).toBe(false);
    expect(notice.value).not.toBeNull();
    expect(await guardWrite('disk', fine)).toBe(true);
    expect(notice.value).toBeNull();
  });

  it('is raised by full session storage and cleared by its next write', async () => {
    expect(await guardWrite('session', full)).toBe(false);
    expect(notice.value).not.toBeNull();
    expect(await guardWrite('session', fine)).toBe(true);
    expect(notice.value).toBeNull();
  });

  it('stays while the disk is full, whatever session storage takes', async () => {
    await guardWrite('disk', full);
    expect(await guardWrite('session', fine)).toBe(true);
    expect(notice.value).not.toBeNull();
  });

  it('is cleared by room on disk even when raised before a worker restart', async () => {
    notice.value = { at: 1 };
    await guardWrite('disk', fine);
    expect(notice.value).toBeNull();
  });

  it('is not written again by session writes while nothing is full', async () => {
    await guardWrite('session', fine);
    await guardWrite('session', fine);
    expect(notice.writes).toBe(0);
  });

  it('lets other failures through', async () => {
    await expect(guardWrite('disk', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(notice.value).toBeNull();
  });
});
