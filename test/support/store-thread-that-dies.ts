import { parentPort } from 'node:worker_threads';

/** A store thread that starts, then stops on the first call it is given, as a crashed PGlite would. */
parentPort?.postMessage({ ready: true });
parentPort?.once('message', () => process.exit(3));
