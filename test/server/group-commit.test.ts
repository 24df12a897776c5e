import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../server/store/group-commit.ts';

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

  it('fails the callers of a failed run only; the next run goes on', async () => {
    const upper = groupCommit(async (items: string[]) => {
      if (items.includes('bad')) throw new Error('statement failed');
      return slowly(items.map((s) => s.toUpperCase()));
    });
    const first = upper('first');
    await nextTurn();
    const settled = await Promise.allSettled([first, upper('bad'), upper('b')]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(await upper('after')).toBe('AFTER');
  });
});
