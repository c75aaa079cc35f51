import { Toast } from 'antd-mobile';
import { useCallback, useState } from 'react';
import type { FollowUp } from '@contract/follow-ups';
import { errorText } from '@/lib/error-text';
import { formatDateTime } from '@/lib/format';
import { completeFollowUp } from '@/features/follow-ups/api/complete-follow-up';
import { snoozeFollowUp } from '@/features/follow-ups/api/snooze-follow-up';

/**
 * 完成 and 延后 for follow-ups, with the server's answer handed back (null when it failed, and the guide was
 * told why). `busyId` is the follow-up being saved, so its buttons can show it.
 */
export function useFollowUpActions() {
  const [busyId, setBusyId] = useState<string | null>(null);

  const complete = useCallback(async (id: string): Promise<FollowUp | null> => {
    setBusyId(id);
    try {
      const { followUp } = await completeFollowUp(id);
      Toast.show({ icon: 'success', content: '已完成' });
      return followUp;
    } catch (error) {
      Toast.show({ icon: 'fail', content: `没有完成：${errorText(error)}` });
      return null;
    } finally {
      setBusyId(null);
    }
  }, []);

  const snooze = useCallback(async (id: string, until: Date): Promise<FollowUp | null> => {
    setBusyId(id);
    try {
      const { followUp } = await snoozeFollowUp(id, until);
      Toast.show({ icon: 'success', content: `已延后到 ${formatDateTime(followUp.dueAt)}` });
      return followUp;
    } catch (error) {
      Toast.show({ icon: 'fail', content: `没有延后：${errorText(error)}` });
      return null;
    } finally {
      setBusyId(null);
    }
  }, []);

  return { busyId, complete, snooze };
}
