/* eslint-disable no-console -- a CLI: printing is its job */
import type { SimGroupChat } from '../state';
import { printDelivery } from './admin-client';
import type { CliContext, Delivery } from './admin-client';
import { needValue } from './args';

/** CLI commands for customer groups (admin/group-chat-routes.ts routes). */

export async function runGroupCommand(command: string, { values, admin }: CliContext): Promise<boolean> {
  const chatPath = (action: string): string =>
    `/group-chats/${encodeURIComponent(needValue(values, 'chat'))}/${action}`;
  switch (command) {
    case 'groups': {
      const { groupChats } = await admin<{ groupChats: SimGroupChat[] }>('GET', '/group-chats');
      for (const c of groupChats)
        console.log(
          `${c.chatId}  ${c.name || '(未命名)'}\t群主 ${c.owner}\t${c.members.length} 人\t${c.status}`,
        );
      return true;
    }
    case 'create-group': {
      const body = {
        owner: needValue(values, 'guide'),
        name: values.name,
        notice: values.notice,
        members: values.member,
      };
      const res = await admin<{ chatId: string; delivery: Delivery | null }>('POST', '/group-chats', body);
      console.log(`客户群 / group: ${res.chatId}`);
      printDelivery(res.delivery);
      return true;
    }
    case 'join-group': {
      const body = { id: values.customer, name: values.name, how: values.how, invitor: values.invitor };
      const res = await admin<{ memberId: string; delivery: Delivery | null }>(
        'POST',
        chatPath('join'),
        body,
      );
      console.log(`入群 / joined: ${res.memberId}`);
      printDelivery(res.delivery);
      return true;
    }
    case 'leave-group': {
      const body = { id: needValue(values, 'customer'), removed: values.removed ?? false };
      printDelivery((await admin<{ delivery: Delivery | null }>('POST', chatPath('leave'), body)).delivery);
      return true;
    }
    case 'dismiss-group':
      printDelivery((await admin<{ delivery: Delivery | null }>('POST', chatPath('dismiss'))).delivery);
      return true;
    default:
      return false;
  }
}
