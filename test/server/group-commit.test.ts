import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../server/store/group-commit.ts';

describe('groupCommit', () => {
  it('runs a lone call at once, and calls made during a run together in the next run', async () => {
    const runs: number[][] = [];
    const double = groupCommit(async (items: number[]) => {
      runs.push(items);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return items.map((n) => n * 2);
    });
    const results = await Promise.all([1, 2, 3, 4].map(double));
    expect(results).toEqual([2, 4, 6, 8]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('fails the callers of a failed run only; the next run goes on', async () => {
    const run = groupCommit(async (items: string[]) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (items.includes('bad')) throw new Error('statement failed');
      return items.map((s) => s.toUpperCase());
    });
    const first = run('first');
    const group = [run('bad'), run('b')];
    const settled = await Promise.allSettled([first, ...group]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(await run('after')).toBe('AFTER');
  });
});
