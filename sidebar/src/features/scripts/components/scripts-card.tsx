import { Button, Ellipsis, Image, InfiniteScroll, SearchBar, Skeleton, Tag, Toast } from 'antd-mobile';
import { LinkOutline } from 'antd-mobile-icons';
import { useEffect, useState } from 'react';
import type { Script } from '@contract/scripts';
import { ErrorState } from '@/components/ui/error-state';
import { SectionCard } from '@/components/ui/section-card';
import { copyText } from '@/lib/clipboard';
import type { ChatMessage } from '@/lib/wecom';
import { useScripts } from '@/features/scripts/hooks/use-scripts';

interface ScriptsCardProps {
  relationId: string;
  /** Absent outside a one-to-one chat (e.g. opened from the customer's profile): copy only. */
  onSend?: (messages: ChatMessage[]) => Promise<unknown>;
}

const SEARCH_DEBOUNCE_MS = 300;

/** What `sendChatMessage` gets for a script: its text, or the words (if any) and then the link card. */
export function scriptMessages(script: Script): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (script.content) messages.push({ msgtype: 'text', text: { content: script.content } });
  if (script.kind === 'link' && script.link) {
    const { url, title, desc, imgUrl } = script.link;
    messages.push({ msgtype: 'news', news: { link: url, title, desc: desc ?? '', imgUrl: imgUrl ?? '' } });
  }
  return messages;
}

/** 话术 and 素材: search, filter by category, and send one into the chat with a tap. */
export function ScriptsCard({ relationId, onSend }: ScriptsCardProps) {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const { state, categories, loadMore, retry } = useScripts({ relationId, q, category });

  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  return (
    <SectionCard title="话术与素材">
      <SearchBar
        placeholder="搜索话术"
        value={typed}
        onChange={setTyped}
        onSearch={(value) => {
          setTyped(value);
          setQ(value.trim());
        }}
        onClear={() => setQ('')}
      />
      {categories.length > 0 && (
        <div className="chips chips-scroll" role="group" aria-label="话术分类">
          {[null, ...categories].map((c) => (
            <button
              key={c ?? ''}
              type="button"
              className={`tag-chip${category === c ? ' tag-chip-on' : ''}`}
              aria-pressed={category === c}
              onClick={() => setCategory(c)}
            >
              {c ?? '全部'}
            </button>
          ))}
        </div>
      )}
      {state.status === 'loading' && (
        <div role="status" aria-label="话术加载中">
          <Skeleton.Paragraph lineCount={4} animated />
        </div>
      )}
      {state.status === 'error' && (
        <ErrorState compact error={state.error} onRetry={retry} title="话术加载失败" />
      )}
      {state.status === 'success' && state.scripts.length === 0 && (
        <p className="muted">{q || category ? '没有找到相关话术' : '还没有话术，请联系总部添加'}</p>
      )}
      {state.status === 'success' && state.scripts.length > 0 && (
        <>
          <ul className="scripts">
            {state.scripts.map((script) => (
              <ScriptItem key={script.id} script={script} onSend={onSend} />
            ))}
          </ul>
          <InfiniteScroll loadMore={loadMore} hasMore={state.nextCursor !== null} />
        </>
      )}
    </SectionCard>
  );
}

function ScriptItem({ script, onSend }: { script: Script; onSend?: ScriptsCardProps['onSend'] }) {
  const [isSending, setSending] = useState(false);
  const send = async () => {
    if (!onSend) return;
    setSending(true);
    try {
      await onSend(scriptMessages(script));
    } finally {
      setSending(false);
    }
  };
  const copy = async () => {
    const text = script.link ? [script.content, script.link.url].filter(Boolean).join('\n') : script.content;
    const ok = await copyText(text);
    Toast.show(ok ? { icon: 'success', content: '已复制' } : { icon: 'fail', content: '复制失败' });
  };
  return (
    <li className="script" aria-label={script.title}>
      <div className="script-head">
        <span className="script-title">{script.title}</span>
        <Tag fill="outline" color="default">
          {script.category}
        </Tag>
      </div>
      {script.content && (
        <Ellipsis
          className="script-content"
          content={script.content}
          rows={3}
          expandText="展开"
          collapseText="收起"
        />
      )}
      {script.link && (
        <div className="link-card">
          {script.link.imgUrl ? (
            <Image src={script.link.imgUrl} width={48} height={48} fit="cover" lazy alt="" />
          ) : (
            <LinkOutline fontSize={32} aria-hidden />
          )}
          <div className="link-card-text">
            <div className="link-card-title">{script.link.title}</div>
            {script.link.desc && <div className="muted">{script.link.desc}</div>}
          </div>
        </div>
      )}
      <div className="script-actions">
        <Button size="small" onClick={() => void copy()}>
          复制
        </Button>
        {onSend && (
          <Button size="small" color="primary" loading={isSending} onClick={() => void send()}>
            发送
          </Button>
        )}
      </div>
    </li>
  );
}
