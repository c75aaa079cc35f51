/* eslint-disable no-console -- a CLI: printing is its job */
import type { SimMoment } from '../state';
import type { CliContext } from './admin-client';
import { needValue } from './args';

/** CLI commands for Moments (admin/moment-routes.ts routes). */
export async function runMomentCommand(command: string, { values, admin }: CliContext): Promise<boolean> {
  const momentPath = (action: string): string =>
    `/moments/${encodeURIComponent(needValue(values, 'moment'))}/${action}`;
  switch (command) {
    case 'moments': {
      const { moments } = await admin<{ moments: SimMoment[] }>('GET', '/moments');
      for (const m of moments) {
        const when = new Date(m.createTime * 1000).toISOString();
        const state = m.deleted ? '已删除' : `${m.likes.length} 赞 ${m.comments.length} 评论`;
        console.log(`${m.momentId}  ${m.creator}\t${when}\t${state}\t${m.text.slice(0, 30)}`);
      }
      return true;
    }
    case 'post-moment': {
      const body = { userid: needValue(values, 'guide'), text: values.text ?? '' };
      const { moment } = await admin<{ moment: SimMoment }>('POST', '/moments', body);
      console.log(`朋友圈 / moment: ${moment.momentId}`);
      return true;
    }
    case 'delete-moment':
      await admin('POST', momentPath('delete'));
      console.log('已删除 / deleted');
      return true;
    case 'react-moment': {
      const body = {
        externalUserid: needValue(values, 'customer'),
        reaction: values.comment ? 'comment' : 'like',
      };
      await admin('POST', momentPath('react'), body);
      console.log(body.reaction === 'comment' ? '已评论 / commented' : '已点赞 / liked');
      return true;
    }
    default:
      return false;
  }
}
