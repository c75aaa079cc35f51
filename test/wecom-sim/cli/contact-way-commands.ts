/* eslint-disable no-console -- a CLI: printing is its job */
import type { SimContactWay } from '../state';
import type { CliContext } from './admin-client';

/** CLI command listing 「联系我」 configs (admin/routes.ts `GET /contact-ways`). */

export async function runContactWayCommand(command: string, { admin }: CliContext): Promise<boolean> {
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
    default:
      return false;
  }
}
