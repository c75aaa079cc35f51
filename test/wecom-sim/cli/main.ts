/* eslint-disable no-console -- a CLI: printing is its job */
import type { SimCall } from '../gateway';
import { startWecomSimulator } from '../server';
import { adminClient, printDelivery } from './admin-client';
import type { CliContext, Delivery } from './admin-client';
import { needValue, parseCli, simBase } from './args';
import { runClientCommand } from './client-commands';
import { runContactWayCommand } from './contact-way-commands';
import { runGroupCommand } from './group-chat-commands';
import { runMassMessageCommand } from './mass-message-commands';
import { runMomentCommand } from './moment-commands';
import { runTagCommand } from './tag-commands';

/**
 * Drives a running WeCom simulator through its admin API (`/__sim/*`), e.g. to play the customer in the demo:
 *   npx tsx test/wecom-sim/cli/main.ts add-customer --guide zhangsan --name 王小美 --state store_qr_01
 *   npx tsx test/wecom-sim/cli/main.ts add-customer --contact-way <config_id>      (through a 「联系我」 config)
 * Simulator URL: --sim, else $WECOM_SIM_URL, else http://127.0.0.1:8081. `serve` starts a simulator in-process.
 * Contact ways, console tag edits, customer groups and mass sends: the *-commands.ts files (listed in USAGE below).
 */

const USAGE = `用法 / usage: wecom-sim <command> [options] [--sim http://127.0.0.1:8081]

  add-customer --guide <userid> [--name 王小美] [--state store_qr_01] [--customer <external_userid>]
               [--no-welcome-code] [--half]        顾客添加导购 (add_external_contact → callback)
  add-customer --contact-way <config_id> [--guide <userid>] [--name ..]   顾客扫「联系我」添加 (State = the way's state)
  delete-customer --guide <userid> --customer <id>  导购删除顾客 (del_external_contact)
  customer-deletes-guide --guide <userid> --customer <id>  顾客删除导购 (del_follow_user)
  edit-customer --guide <userid> --customer <id> [--remark ..] [--description ..] [--add-tag et..] [--remove-tag et..]
               [--add-personal-tag 名] [--remove-personal-tag 名]   导购在客户端编辑 (edit_external_contact)
  customers [--guide <userid>]                      顾客列表 / customers and who follows them
  guides                                            导购列表 / guides
  calls [--path externalcontact/send_welcome_msg] [--limit 20]   the bot's API calls, newest last
  oauth-code --guide <userid>                       a code for auth/getuserinfo
  verify-url                                        URL-verification handshake against the callback URL
  serve [--port 8081] [--callback-url http://127.0.0.1:3000/wecom/callback]   run a simulator here
  contact-ways                                      「联系我」配置 / contact ways the bot created
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
  moments                                           朋友圈 / Moments posts
  post-moment --guide <userid> [--text 内容]                     导购发朋友圈 (no callback; get_moment_list)
  delete-moment --moment <moment_id>                            删除朋友圈
  react-moment --moment <moment_id> --customer <id> [--comment] 客户点赞（或评论）
  mass-messages                                     企业群发任务 / mass-message tasks and results
  mass-send --msgid <msgid> [--guide <userid>] [--skip <id>]... [--confirm-only]   导购确认/发送群发
  open-sidebar --guide <userid> [--customer <external_userid>] [--entry single_chat_tools|contact_profile|normal|group_chat_tools]
               [--chat <chat_id>] [--bot http://127.0.0.1:3000] [--target <url>]   以导购身份在聊天中打开侧边栏 (prints the URL)
  client-sessions                                   模拟客户端会话 / simulated WeCom clients
  client-calls --session <id>                       侧边栏调用的 JS-SDK 接口 / JS-SDK calls the page made`;

const { values, positionals } = parseCli();
const admin = adminClient(simBase(values, process.env));
const need = (name: 'guide' | 'customer'): string => needValue(values, name);

function printCall(call: SimCall): void {
  const time = new Date(call.at).toISOString().slice(11, 23);
  const mark = call.errcode === 0 ? 'ok ' : `${call.errcode}`;
  const body = call.body === undefined ? '' : ` ${JSON.stringify(call.body).slice(0, 160)}`;
  const query = Object.entries(call.query)
    .filter(([key]) => key !== 'access_token' && key !== 'corpsecret')
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  console.log(
    `${time} ${call.method.padEnd(4)} ${call.path}${query ? `?${query}` : ''}  [${mark}] ${call.durationMs}ms${body}`,
  );
}

interface Guide {
  userid: string;
  name: string;
  store: string;
  hasCustomerContact: boolean;
  customers: number;
}

interface StateSnapshot {
  customers: Array<{ externalUserid: string; name: string }>;
  relations: Array<{
    userid: string;
    externalUserid: string;
    status: string;
    remark: string;
    state?: string;
  }>;
}

/** Runs a contact-way, console-tag, group or mass-message command; false when the command is none of them. */
async function runTopicCommand(command: string, context: CliContext): Promise<boolean> {
  return (
    (await runTagCommand(command, context)) ||
    (await runGroupCommand(command, context)) ||
    (await runContactWayCommand(command, context)) ||
    (await runMassMessageCommand(command, context)) ||
    (await runMomentCommand(command, context)) ||
    (await runClientCommand(command, context))
  );
}

async function run(command: string | undefined): Promise<void> {
  switch (command) {
    case 'add-customer': {
      const result = await admin<{
        externalUserid: string;
        welcomeCode: string | null;
        delivery: Delivery | null;
        /** Only when added through a contact way (the member it picked). */
        userid?: string;
      }>('POST', '/customers', {
        ...(values['contact-way'] ? { configId: values['contact-way'] } : { userid: need('guide') }),
        ...(values['contact-way'] && values.guide ? { userid: values.guide } : {}),
        name: values.name,
        state: values.state,
        externalUserid: values.customer,
        withWelcomeCode: !values['no-welcome-code'],
        halfAdd: values.half ?? false,
      });
      console.log(
        `顾客 / customer: ${result.externalUserid} 添加了导购 / added guide ${result.userid ?? need('guide')}`,
      );
      console.log(`welcome_code: ${result.welcomeCode ?? '(none)'}`);
      return printDelivery(result.delivery);
    }
    case 'delete-customer':
    case 'customer-deletes-guide': {
      const action = command === 'delete-customer' ? 'delete-by-guide' : 'delete-guide';
      const path = `/customers/${encodeURIComponent(need('customer'))}/${action}`;
      const { delivery } = await admin<{ delivery: Delivery | null }>('POST', path, {
        userid: need('guide'),
      });
      console.log(
        command === 'delete-customer'
          ? '导购删除了顾客 / guide deleted the customer'
          : '顾客删除了导购 / customer deleted the guide',
      );
      return printDelivery(delivery);
    }
    case 'edit-customer': {
      const path = `/customers/${encodeURIComponent(need('customer'))}/edit`;
      const { delivery } = await admin<{ delivery: Delivery | null }>('POST', path, {
        userid: need('guide'),
        remark: values.remark,
        description: values.description,
        addTags: values['add-tag'],
        removeTags: values['remove-tag'],
        addPersonalTags: values['add-personal-tag'],
        removePersonalTags: values['remove-personal-tag'],
      });
      console.log('导购在客户端编辑了顾客 / guide edited the customer in the WeCom client');
      return printDelivery(delivery);
    }
    case 'guides': {
      const { guides } = await admin<{ guides: Guide[] }>('GET', '/guides');
      for (const g of guides) {
        const contact = g.hasCustomerContact ? '客户联系 ✔' : '客户联系 ✘';
        console.log(
          `${g.userid.padEnd(12)} ${g.name}\t${g.store}\t${contact}\t${g.customers} 位顾客 customers`,
        );
      }
      return;
    }
    case 'customers': {
      const snapshot = await admin<StateSnapshot>('GET', '/state');
      const names = new Map(snapshot.customers.map((c) => [c.externalUserid, c.name]));
      for (const r of snapshot.relations.filter((x) => !values.guide || x.userid === values.guide)) {
        const name = names.get(r.externalUserid) ?? '?';
        console.log(
          `${r.externalUserid}  ${name}\t→ ${r.userid}\t${r.status}${r.state ? `\tstate=${r.state}` : ''}`,
        );
      }
      return;
    }
    case 'calls': {
      const query = values.path ? `?path=${encodeURIComponent(values.path)}` : '';
      const { calls } = await admin<{ calls: SimCall[] }>('GET', `/calls${query}`);
      const limit = Number(values.limit ?? 50);
      calls.slice(-limit).forEach(printCall);
      console.log(`${calls.length} call(s)${calls.length > limit ? `, last ${limit} shown` : ''}`);
      return;
    }
    case 'oauth-code': {
      const { code } = await admin<{ code: string }>('POST', '/oauth-codes', { userid: need('guide') });
      console.log(code);
      return;
    }
    case 'verify-url': {
      const result = await admin<{ ok: boolean; status: number | null; body: string; expected: string }>(
        'POST',
        '/verify-url',
      );
      console.log(
        result.ok
          ? '✔ URL 验证通过 / verified'
          : `✘ 验证失败 / failed: HTTP ${result.status}, got "${result.body}", want "${result.expected}"`,
      );
      return;
    }
    case 'serve': {
      const sim = await startWecomSimulator({
        port: Number(values.port ?? 8081),
        ...(values['callback-url'] ? { callbackUrl: values['callback-url'] } : {}),
      });
      console.log(`WeCom simulator listening on ${sim.url} (corp ${sim.state.corp.corpId}); Ctrl-C to stop`);
      process.once('SIGINT', () => void sim.stop().then(() => process.exit(0)));
      return;
    }
    default:
      if (command !== undefined && (await runTopicCommand(command, { values, admin }))) return;
      console.log(USAGE);
      if (command !== undefined && command !== 'help') process.exitCode = 1;
  }
}

run(values.help ? 'help' : positionals[0]).catch((error: unknown) => {
  console.error(`✘ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
