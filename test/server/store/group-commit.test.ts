import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../../server/store/group-commit.ts';

const slowly = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 10));

describe('groupCommit', () => {
  it('runs calls of one turn together, and calls made during a run together in the next run', async () => {
    const runs: number[][] = [];
    const double = groupCommit(async (items: number[]) => {
      runs.push(items);
      return slowly(items.map((n) => n * 2));
    });
    const first = [double(1), double(2)];
    await nextTurn();
    const later = [3, 4, 5].map(double);
    expect(await Promise.all([...first, ...later])).toEqual([2, 4, 6, 8, 10]);
    expect(runs).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('isolates the call that fails: the others of its group are run again alone and succeed', async () => {
    const runs: string[][] = [];
    const upper = groupCommit(async (items: string[]) => {
      runs.push(items);
      if (items.includes('bad')) throw new Error('statement failed');
      return slowly(items.map((s) => s.toUpperCase()));
    });
    const first = upper('first');
    await nextTurn();
    const settled = await Promise.allSettled([first, upper('a'), upper('bad'), upper('b')]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      'FIRST',
      'A',
      'statement failed',
      'B',
    ]);
    expect(runs).toEqual([['first'], ['a', 'bad', 'b'], ['a'], ['bad'], ['b']]);
    expect(await upper('after')).toBe('AFTER');
  });
});
