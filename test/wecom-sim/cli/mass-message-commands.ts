/* eslint-disable no-console -- a CLI: printing is its job */
import type { SimMassMessage, SimMassSendResult, SimMassTask } from '../state';
import type { CliContext } from './admin-client';
import { needValue } from './args';

/** CLI commands for mass-message tasks and sending (admin/mass-message-routes.ts routes). */

function printMass(tasks: SimMassTask[], results: SimMassSendResult[]): void {
  const task = ['未发送 unsent', '已确认 confirmed', '已发送 sent'];
  const result = ['未发送 unsent', '已发送 sent', '非好友 not a friend', '超额 quota used'];
  for (const t of tasks) console.log(`  task ${t.userid}: ${task[t.status]}`);
  for (const r of results)
    console.log(`    ${r.externalUserid ?? r.chatId ?? '?'} ← ${r.userid}: ${result[r.status]}`);
}

export async function runMassMessageCommand(
  command: string,
  { values, admin }: CliContext,
): Promise<boolean> {
  switch (command) {
    case 'mass-messages': {
      const { massMessages } = await admin<{ massMessages: SimMassMessage[] }>('GET', '/mass-messages');
      for (const m of massMessages) {
        console.log(`${m.msgid}  ${m.chatType}\t${m.text ?? '(附件)'}`);
        printMass(m.tasks ?? [], m.results ?? []);
      }
      return true;
    }
    case 'mass-send': {
      const action = values['confirm-only'] ? 'confirm' : 'send';
      const path = `/mass-messages/${encodeURIComponent(needValue(values, 'msgid'))}/${action}`;
      const res = await admin<{ tasks: SimMassTask[]; results?: SimMassSendResult[] }>('POST', path, {
        userid: values.guide,
        skip: values.skip,
      });
      printMass(res.tasks, res.results ?? []);
      return true;
    }
    default:
      return false;
  }
}
