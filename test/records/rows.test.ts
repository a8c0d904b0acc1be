import { describe, expect, it } from 'vitest';
import { conversationHash, conversationHasher } from '../../src/records/rows.js';

describe('the writer thread’s conversation hashes', () => {
  it('are the keyed hash the main thread looks feedback up by, for recent and for forgotten conversations alike', () => {
    const hash = conversationHasher('secret-a');
    // More keys than are kept, then the first ones again: each still the keyed hash of its key.
    const keys = Array.from({ length: 5000 }, (_, i) => `api:session-${i}`);
    for (const key of [...keys, ...keys.slice(0, 10), 'api:session-1']) expect(hash(key)).toBe(conversationHash('secret-a', key));
    expect(hash('api:session-1')).not.toBe(conversationHash('secret-b', 'api:session-1'));
  });
});
