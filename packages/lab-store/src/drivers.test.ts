import { describeDriver, driverContract } from './driver-contract.fixture.js';

// One suite, run on each driver this Node has; the other is skipped with the reason in its
// title. Node 20 (CI today) has only better-sqlite3; node-22.test.ts runs this file again under
// a Node 22 binary, where node:sqlite is the one.
describeDriver('better-sqlite3', () => driverContract('better-sqlite3'));
describeDriver('node:sqlite', () => driverContract('node:sqlite'));
