import type { DomainDeps } from '../deps';
import type { JobName, JobPayload } from './job-definitions';
import type { EnqueueOptions } from './define-job';

/** Queues many jobs of one kind: one Redis round trip with `enqueueMany`, else one call each, side by side. */
export async function enqueueAll<N extends JobName>(
  deps: Pick<DomainDeps, 'enqueue' | 'enqueueMany'>,
  name: N,
  jobs: { payload: JobPayload<N>; options?: EnqueueOptions }[],
): Promise<void> {
  if (jobs.length === 0) return;
  if (deps.enqueueMany) return deps.enqueueMany(name, jobs);
  await Promise.all(jobs.map((job) => deps.enqueue(name, job.payload, job.options)));
}
