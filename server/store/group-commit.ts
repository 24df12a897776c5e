/**
 * Group commit: calls made in the same turn of the event loop, or while a run is in progress,
 * go together into one run, so many callers share one round trip (one statement or one
 * transaction) to the database, and each is still answered with its own result. Before each
 * run, pending I/O gets one turn: requests already received reach their call and join the group.
 */
export function groupCommit<T, R>(run: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  const waiting: { item: T; resolve: (result: R) => void; reject: (err: unknown) => void }[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    while (waiting.length > 0) {
      await new Promise(setImmediate);
      const group = waiting.splice(0);
      try {
        const results = await run(group.map((call) => call.item));
        for (const [i, call] of group.entries()) call.resolve(results[i] as R);
      } catch (err) {
        for (const call of group) call.reject(err);
      }
    }
    running = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!running) void drain();
    });
}
