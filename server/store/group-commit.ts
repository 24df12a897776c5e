/**
 * Group commit: calls made while a run is in progress wait and go together into the next run,
 * so many callers share one round trip (one statement or one transaction) to the database,
 * and each is still answered with its own result. With nothing in progress, a call runs at once.
 */
export function groupCommit<T, R>(run: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  const waiting: { item: T; resolve: (result: R) => void; reject: (err: unknown) => void }[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    while (waiting.length > 0) {
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
