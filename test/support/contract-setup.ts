import { afterAll } from 'vitest';
import { recordTally } from './contract.ts';
import { CONTRACT_TALLY_DIR } from './contract-tally.ts';

/** vitest setupFiles: each test file adds the responses it validated to the run's tally. */
afterAll(() => recordTally(CONTRACT_TALLY_DIR));
