/* eslint-disable no-console -- a CLI: printing is its job */
import { needValue, printDelivery } from './cli-client';
import type { AdminCall, CliValues, Delivery } from './cli-client';
import type { SimContactWay, SimGroupChat, SimMassMessage, SimMassSendResult, SimMassTask } from './state';

/** CLI commands for contact ways, console tag edits, customer groups and mass sends (admin-extended.ts routes). */

export const EXTENDED_USAGE = `  contact-ways                                      「联系我」配置 / contact ways the bot created
  set-personal-tags --guide <userid> --customer <id> --personal-tag 名 [...]   seed personal tags (no callback)
  console-create-tags (--group-name 新分组 | --group <group_id>) --tag 甲 [--tag 乙] [--strategy <规则组id>]
                                                    管理员在后台建标签 (change_external_tag create × n)
  console-rename-tag --id <tag_or_group_id> --name 新名称       (change_external_tag update)
  console-delete-tags --id <tag_or_group_id> [--id ..]         (change_external_tag delete)
  console-shuffle-tags [--group <group_id> | --strategy <id>] --id <first> --id <second> ...   (shuffle)
  groups                                            客户群 / customer groups
  create-group --guide <owner> [--name 群名] [--notice ..] [--member <id>]...   建群 (change_external_chat create)
  join-group --chat <chat_id> [--customer <id> | --name 新顾客] [--how invite|link|qrcode] [--invitor <userid>]
  leave-group --chat <chat_id> --customer <id> [--removed]      退群 / 被移出 (update del_member)
  dismiss-group --chat <chat_id>                                解散 (change_external_chat dismiss)
  mass-messages                                     企业群发任务 / mass-message tasks and results
  mass-send --msgid <msgid> [--guide <userid>] [--skip <id>]... [--confirm-only]   导购确认/发送群发`;

export interface ExtendedCliContext {
  values: CliValues;
  admin: AdminCall;
}

const printDeliveries = (deliveries: Array<Delivery | null>): void => deliveries.forEach(printDelivery);

function printMass(tasks: SimMassTask[], results: SimMassSendResult[]): void {
  const task = ['未发送 unsent', '已确认 confirmed', '已发送 sent'];
  const result = ['未发送 unsent', '已发送 sent', '非好友 not a friend', '超额 quota used'];
  for (const t of tasks) console.log(`  task ${t.userid}: ${task[t.status]}`);
  for (const r of results)
    console.log(`    ${r.externalUserid ?? r.chatId ?? '?'} ← ${r.userid}: ${result[r.status]}`);
}

async function runTagCommand(command: string, { values, admin }: ExtendedCliContext): Promise<boolean> {
  const strategyId = values.strategy === undefined ? {} : { strategyId: Number(values.strategy) };
  switch (command) {
    case 'console-create-tags': {
      const group = values.group ? { groupId: values.group } : { groupName: needValue(values, 'group-name') };
      const body = { ...group, tags: needValue(values, 'tag'), ...strategyId };
      const res = await admin<{ groupId: string; tagIds: string[]; deliveries: Array<Delivery | null> }>(
        'POST',
        '/console/tag-groups',
        body,
      );
      console.log(`标签组 / group ${res.groupId}: ${res.tagIds.join(', ')}`);
      printDeliveries(res.deliveries);
      return true;
    }
    case 'console-rename-tag': {
      const [id] = needValue(values, 'id');
      const path = `/console/tags/${encodeURIComponent(id ?? '')}/rename`;
      const res = await admin<{ deliveries: Array<Delivery | null> }>('POST', path, {
        name: needValue(values, 'name'),
      });
      printDeliveries(res.deliveries);
      return true;
    }
    case 'console-delete-tags':
    case 'console-shuffle-tags': {
      const isDelete = command === 'console-delete-tags';
      const body = isDelete
        ? { ids: needValue(values, 'id') }
        : {
            ...(values.group ? { groupId: values.group } : {}),
            ...strategyId,
            order: needValue(values, 'id'),
          };
      const path = isDelete ? '/console/tags/delete' : '/console/tags/shuffle';
      printDeliveries((await admin<{ deliveries: Array<Delivery | null> }>('POST', path, body)).deliveries);
      return true;
    }
    case 'set-personal-tags': {
      const path = `/customers/${encodeURIComponent(needValue(values, 'customer'))}/personal-tags`;
      await admin('PUT', path, { userid: needValue(values, 'guide'), tags: values['personal-tag'] ?? [] });
      console.log('个人标签已设置 / personal tags set (no callback)');
      return true;
    }
    default:
      return false;
  }
}

async function runGroupCommand(command: string, { values, admin }: ExtendedCliContext): Promise<boolean> {
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

async function runOtherCommand(command: string, { values, admin }: ExtendedCliContext): Promise<boolean> {
  switch (command) {
    case 'contact-ways': {
      const { contactWays } = await admin<{ contactWays: SimContactWay[] }>('GET', '/contact-ways');
      for (const w of contactWays.filter((x) => !x.deleted)) {
        const who = [...w.user, ...w.party.map((p) => `部门${p}`)].join(',');
        console.log(
          `${w.configId}  ${w.type === 1 ? '单人' : '多人'}\tstate=${w.state ?? ''}\t${who}\t${w.remark}`,
        );
      }
      return true;
    }
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

/** Runs one of the commands above; false when the command is not one of them. */
export async function runExtendedCommand(command: string, context: ExtendedCliContext): Promise<boolean> {
  return (
    (await runTagCommand(command, context)) ||
    (await runGroupCommand(command, context)) ||
    (await runOtherCommand(command, context))
  );
}
