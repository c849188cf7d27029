/** Reading the SLA jobs' payloads: version 1 is the only shape so far; anything else goes dead at once. */
import { DeadLetterError, type Job } from '../../platform/runner/index.ts';

/** The payload, checked to carry the named string fields; a job no handler version can read is a dead letter. */
export function readPayload<T>(job: Job, stringFields: readonly (keyof T & string)[]): T {
  if (job.payloadVersion !== 1) throw new DeadLetterError(`${job.kind} payload version ${job.payloadVersion} is unknown to this version of Loopdesk.`);
  for (const field of stringFields) {
    if (typeof job.payload[field] !== 'string') throw new DeadLetterError(`${job.kind} payload has no ${field}.`);
  }
  return job.payload as T;
}
