import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { uuidV7Floor } from '../../sync/server/store/postgres/postgres-store';

describe('uuidV7Floor', () => {
  it('sorts below every UUIDv7 of its millisecond and above every earlier one', () => {
    const t = Date.UTC(2026, 10, 1, 12, 34, 56, 789);
    for (let i = 0; i < 100; i++) {
      expect(uuidV7Floor(t) <= uuidv7({ msecs: t })).toBe(true);
      expect(uuidv7({ msecs: t - 1 }) < uuidV7Floor(t)).toBe(true);
      expect(uuidv7({ msecs: t }) < uuidV7Floor(t + 1)).toBe(true);
    }
    expect(uuidV7Floor(0)).toBe('00000000-0000-7000-8000-000000000000');
  });
});
