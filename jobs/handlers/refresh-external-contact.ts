import { syncExternalContact } from '../../bot/domain/contacts/sync-external-contact';
import { defineHandler } from '../define-handler';

export const refreshExternalContactHandler = defineHandler('refresh-external-contact', {
  run: async ({ externalUserid }, ctx) => {
    const { customerId } = await syncExternalContact(ctx, externalUserid);
    return { customerId };
  },
});
