/**
 * How a delivery loop waits between claims: until its poll interval ends, or shortly after a
 * wake() (work was just stored), so that work arriving in a burst is claimed together in one
 * statement instead of one claim each. A wake() that comes while the loop is busy makes its
 * next wait short; once the loop is stopping, a wake() ends the wait at once.
 */
export function createAlarm(stopping: () => boolean) {
  let wakeUp: (() => void) | undefined;
  let woken = false;
  return {
    wake(): void {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    /** Resolves after `ms`, or `gatherMs` after a wake(). */
    wait(ms: number, gatherMs: number): Promise<void> {
      return new Promise<void>((resolve) => {
        let timer = setTimeout(done, woken ? gatherMs : ms);
        woken = false;
        function done() {
          clearTimeout(timer);
          wakeUp = undefined;
          resolve();
        }
        wakeUp = () => {
          wakeUp = undefined;
          if (stopping()) return done();
          clearTimeout(timer);
          timer = setTimeout(done, gatherMs);
        };
      });
    },
  };
}
