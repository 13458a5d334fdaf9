/** The in-memory call store: interim chunks, the caller's recent words, idle expiry and the cap. */
import { createMemoryCallStore, latestCallerText, recentCallerText, UTTERANCES_KEPT } from '../../src/hotline/calls';

describe('createMemoryCallStore', () => {
  it('replaces interim chunks and keeps the caller\'s recent words', () => {
    const calls = createMemoryCallStore();
    try {
      calls.addUtterance('call-000001', { speaker: 'operator', text: '您好', final: true });
      calls.addUtterance('call-000001', { speaker: 'caller', text: '我想', final: false });
      calls.addUtterance('call-000001', { speaker: 'caller', text: '我想问一下', final: false });
      const call = calls.addUtterance('call-000001', { speaker: 'caller', text: '我想问一下开药店', final: true });
      expect(call.utterances.map((u) => u.text)).toEqual(['您好', '我想问一下开药店']);
      for (const t of ['第二句', '第三句', '第四句']) calls.addUtterance('call-000001', { speaker: 'caller', text: t, final: true });
      expect(recentCallerText(call)).toBe('第二句 第三句 第四句');
      expect(latestCallerText(call)).toBe('第四句');
      for (let i = 0; i < UTTERANCES_KEPT + 10; i++) calls.addUtterance('call-000001', { speaker: 'caller', text: `句${i}`, final: true });
      expect(call.utterances.length).toBe(UTTERANCES_KEPT);
    } finally {
      calls.close();
    }
  });

  it('forgets a call after the idle TTL and the least recent calls beyond the cap', () => {
    let now = 1_000_000;
    const calls = createMemoryCallStore({ idleTtlMs: 60_000, maxCalls: 2, now: () => now });
    try {
      calls.open('call-aaaaaa');
      now += 30_000;
      calls.open('call-bbbbbb');
      now += 31_000;
      expect(calls.get('call-aaaaaa')).toBeUndefined(); // idle for 61 s
      expect(calls.get('call-bbbbbb')).toBeDefined();
      calls.open('call-cccccc');
      calls.open('call-dddddd');
      expect(calls.size).toBeLessThanOrEqual(2);
      expect(calls.get('call-dddddd')).toBeDefined();
    } finally {
      calls.close();
    }
  });

  it('remembers each suggestion shown with its best score', () => {
    const calls = createMemoryCallStore();
    try {
      calls.noteSuggestions('call-000002', [{ entryId: 'a', title: 'A', score: 0.5 }]);
      calls.noteSuggestions('call-000002', [{ entryId: 'a', title: 'A', score: 0.2, field: 'materials' }, { entryId: 'b', title: 'B', score: 0.1 }]);
      expect([...calls.get('call-000002')!.tried.values()]).toEqual([
        { entryId: 'a', title: 'A', score: 0.5, field: 'materials' },
        { entryId: 'b', title: 'B', score: 0.1 },
      ]);
    } finally {
      calls.close();
    }
  });
});
