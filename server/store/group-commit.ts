/**
 * Group commit: calls made in the same turn of the event loop, or while a run is in progress,
 * go together into one run, so many callers share one round trip (one statement or one
 * transaction) to the database, and each is still answered with its own result. Before each
 * run, pending I/O gets one turn: requests already received reach their call and join the group.
 *
 * A run is all or nothing (one statement, or one transaction), so when a group fails, nothing
 * of it was stored: each of its calls is then run again on its own, and only the call that
 * fails alone is failed. One caller's bad row never fails another caller's request.
 */
export function groupCommit<T, R>(run: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  const waiting: Call<T, R>[] = [];
  let running = false;

  async function runAlone(call: Call<T, R>): Promise<void> {
    try {
      const [result] = await run([call.item]);
      call.resolve(result as R);
    } catch (err) {
      call.reject(err);
    }
  }

  async function drain(): Promise<void> {
    running = true;
    while (waiting.length > 0) {
      await new Promise(setImmediate);
      const group = waiting.splice(0);
      if (group.length === 1) {
        await runAlone(group[0] as Call<T, R>);
        continue;
      }
      let results: R[];
      try {
        results = await run(group.map((call) => call.item));
      } catch {
        for (const call of group) await runAlone(call);
        continue;
      }
      for (const [i, call] of group.entries()) call.resolve(results[i] as R);
    }
    running = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!running) void drain();
    });
}

interface Call<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}
