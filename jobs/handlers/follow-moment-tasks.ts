import { followMomentTasks } from '../../bot/domain/moments/library/follow-moment-tasks';
import { defineHandler } from '../define-handler';

export const followMomentTasksHandler = defineHandler('follow-moment-tasks', {
  run: async (_payload, ctx) => {
    const run = await followMomentTasks(ctx);
    if (run.read + run.failed > 0) ctx.logger.info(run, 'enterprise Moments tasks read');
    return run;
  },
});
