/**
 * Indices of the Int32 control words the calling thread and the kernel workers share
 * (thread-pool.ts writes them, thread-worker-source.ts reads them; both take them from here).
 *   JOB: sequence number << PARTICIPANT_BITS | threads taking part (one word, so a late waker
 *        cannot join the wrong job); NEXT: the next task to take; ACTIVE: worker threads not yet
 *        checked out; STOP, FAILED: flags; WORKER_TASKS: tasks worker threads have run.
 */
export const JOB = 0;
export const NEXT = 1;
export const ACTIVE = 2;
export const STOP = 3;
export const FAILED = 4;
export const WORKER_TASKS = 5;
/** Words in the control buffer. */
export const CONTROL_WORDS = 8;
/** Low bits of JOB that hold the count of threads taking part. */
export const PARTICIPANT_BITS = 6;
