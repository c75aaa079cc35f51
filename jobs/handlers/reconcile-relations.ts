import { reconcileRelations } from '../../bot/domain/sync/reconcile-relations';
import { defineHandler } from '../define-handler';

export const reconcileRelationsHandler = defineHandler('reconcile-relations', {
  run: (_payload, ctx) => reconcileRelations(ctx),
});
