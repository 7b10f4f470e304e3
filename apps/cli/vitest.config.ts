import { packageTestConfig } from '../../vitest.shared.js';

// Training and end-to-end runs of the launcher take longer than the core's unit tests.
export default packageTestConfig({ testTimeout: 120_000 });
