import { FullPageMessage } from '@/components/ui/full-page-message';

/** Opened from a group chat (or another entry without one customer): the sidebar is for one-to-one chats. */
export function SingleChatOnlyPage({ entry }: { entry: string }) {
  const isGroup = entry.includes('group');
  return (
    <FullPageMessage
      title="请在单聊中打开"
      description={
        isGroup
          ? '导购助手用于和一位客户的单聊。请打开与这位客户的单聊，再从工具栏打开导购助手。'
          : '这里没有对应的客户。请在与客户的单聊窗口中，从工具栏打开导购助手。'
      }
    >
      <a className="link" href="#/today">
        查看今日待办
      </a>
    </FullPageMessage>
  );
}
