import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkFlood, lastResortGc, watchFloods } from '../../server/flood-memory.ts';

/** Handing a connection flood's memory back once it is over: when, and how often. */

const limits = { floodAt: 100, calmMs: 10_000 };

describe('checkFlood', () => {
  it('does nothing without a flood', () => {
    expect(checkFlood({ open: 0, floodSeenAt: undefined, now: 50_000 }, limits)).toEqual({ kind: 'none' });
  });

  it('waits while the flood is still open, or has not been calm for calmMs', () => {
    expect(checkFlood({ open: 100, floodSeenAt: 0, now: 50_000 }, limits)).toEqual({ kind: 'wait', ms: 10_000 });
    expect(checkFlood({ open: 3, floodSeenAt: 46_000, now: 50_000 }, limits)).toEqual({ kind: 'wait', ms: 6000 });
  });

  it('releases once the flood has been calm for calmMs', () => {
    expect(checkFlood({ open: 3, floodSeenAt: 40_000, now: 50_000 }, limits)).toEqual({ kind: 'release' });
  });
});

describe('watchFloods', () => {
  let clock = 0;
  const now = () => clock;
  const advance = async (ms: number) => {
    clock += ms;
    await vi.advanceTimersByTimeAsync(ms);
  };
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    clock = 0;
  });
  afterEach(() => vi.useRealTimers());

  const watch = () => {
    const release = vi.fn();
    const info = vi.fn();
    const floods = watchFloods({ ...limits, release, logger: { info } as never, now });
    return { floods, release, info };
  };

  it('asks for one GC when connections fall from floodAt back to none and stay calm, and logs it', async () => {
    const { floods, release, info } = watch();
    for (let i = 0; i < 100; i++) floods.opened();
    await advance(15_000);
    expect(release).not.toHaveBeenCalled(); // still open: the flood goes on
    for (let i = 0; i < 100; i++) floods.closed();
    await advance(9000);
    expect(release).not.toHaveBeenCalled();
    await advance(11_000);
    expect(release).toHaveBeenCalledTimes(1);
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0]?.[1]).toMatch(/flood is over/);
    expect(info.mock.calls[0]?.[0]).toMatchObject({ rssMb: { before: expect.any(Number), after: expect.any(Number) } });
    await advance(60_000);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('counts a connection refused by a cap as a flood, and waits until refusals stop', async () => {
    const { floods, release } = watch();
    for (let t = 0; t < 30; t++) {
      floods.refused();
      await advance(1000);
    }
    expect(release).not.toHaveBeenCalled();
    await advance(10_000);
    expect(release).toHaveBeenCalledTimes(1);
    // A second flood, a second release.
    floods.refused();
    await advance(10_000);
    expect(release).toHaveBeenCalledTimes(2);
  });

  it('does nothing for traffic below floodAt, nor after the server closes', async () => {
    const { floods, release } = watch();
    for (let i = 0; i < 1000; i++) {
      floods.opened();
      floods.closed();
    }
    await advance(60_000);
    floods.refused();
    floods.stop();
    await advance(60_000);
    expect(release).not.toHaveBeenCalled();
  });
});

describe('lastResortGc', () => {
  it('is offered by this Node, without a gc on the global object', () => {
    const gc = lastResortGc();
    expect(gc).toBeTypeOf('function');
    gc?.();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
