/* eslint-disable no-console -- a CLI: printing is its job */
import type { CliContext } from './admin-client';

/** CLI commands of the WeCom-client stand-in (admin/client-routes.ts). */

interface SessionRow {
  id: string;
  userid: string;
  entry: string;
  externalUserid: string | null;
  calls: number;
}

interface CallRow {
  at: number;
  api: string;
  ok: boolean;
  params: unknown;
  result: { errMsg?: string };
}

export async function runClientCommand(command: string, { values, admin }: CliContext): Promise<boolean> {
  switch (command) {
    case 'open-sidebar': {
      const entry = values.entry ?? (values.customer ? 'single_chat_tools' : 'normal');
      const bot = (values.bot ?? process.env.BOT_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
      const { url } = await admin<{ url: string }>('POST', '/client-sessions', {
        userid: values.guide,
        entry,
        externalUserid: values.customer,
        chatId: values.chat,
        target: values.target ?? `${bot}/sidebar/`,
      });
      console.log(`在浏览器中打开 / open in a browser (as ${values.guide ?? '?'}, entry ${entry}):`);
      console.log(url);
      return true;
    }
    case 'client-sessions': {
      const { sessions } = await admin<{ sessions: SessionRow[] }>('GET', '/client-sessions');
      for (const s of sessions) {
        console.log(`${s.id}  ${s.userid}\t${s.entry}\t${s.externalUserid ?? ''}\t${s.calls} call(s)`);
      }
      return true;
    }
    case 'client-calls': {
      const id = values.session ?? '';
      if (!id) throw new Error('missing --session');
      const { calls } = await admin<{ calls: CallRow[] }>(
        'GET',
        `/client-sessions/${encodeURIComponent(id)}/calls`,
      );
      for (const c of calls) {
        const time = new Date(c.at).toISOString().slice(11, 23);
        console.log(
          `${time} ${c.api.padEnd(24)} ${c.result.errMsg ?? ''}  ${JSON.stringify(c.params).slice(0, 160)}`,
        );
      }
      return true;
    }
    default:
      return false;
  }
}
