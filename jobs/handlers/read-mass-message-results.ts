import { readMassMessageResults } from '../../bot/domain/mass-messages/read-mass-message-results';
import { defineHandler } from '../define-handler';

export const readMassMessageResultsHandler = defineHandler('read-mass-message-results', {
  run: async (_payload, ctx) => {
    const run = await readMassMessageResults(ctx);
    if (run.read + run.finished > 0) ctx.logger.info(run, 'mass-message results read');
    return run;
  },
});
