import type { MeResponse } from '@contract/session';
import { Alert, Button, Layout, Result, Skeleton, Spin, Tabs, Typography } from 'antd';
import { type ReactNode, Suspense, lazy, useState } from 'react';
import { MomentsWeekPage } from '@/desk/moments/moments-week-page';
import { api } from '@/lib/api-client';
import { errorText } from '@/lib/error-text';
import { navigation } from '@/lib/navigation';
import { useQuery } from '@/lib/use-query';
import './desk.css';

// The week's audit is what a manager opens the desk for; the other tabs load when first chosen.
const DisciplinePage = lazy(async () => ({
  default: (await import('@/desk/discipline/discipline-page')).DisciplinePage,
}));
const LibraryPage = lazy(async () => ({
  default: (await import('@/desk/library/library-page')).LibraryPage,
}));
const TasksPage = lazy(async () => ({ default: (await import('@/desk/tasks/tasks-page')).TasksPage }));
const later = (page: ReactNode) => <Suspense fallback={<Skeleton active />}>{page}</Suspense>;

const ROLE_LABELS: Record<MeResponse['role'], string> = {
  hq: '总部运营',
  store_manager: '店长',
  guide: '导购',
};

/**
 * Who is signed in decides what the desk shows: store managers and HQ get the week's audit (their API calls
 * answer within their scope); a guide is told the desk is not theirs. Signing in happens before the page loads
 * (the bot sends a visitor without a session to WeCom), and a session that ends mid-visit does the same.
 */
export function DeskApp() {
  const me = useQuery('me', (signal) => api.get<MeResponse>('/me', undefined, signal));
  if (me.status === 'loading') return <Spin fullscreen description="正在加载…" />;
  if (me.status === 'error')
    return (
      <Result
        status="error"
        title="管理台暂时打不开"
        subTitle={errorText(me.error)}
        extra={<Button onClick={() => me.reload()}>重试</Button>}
      />
    );
  if (me.data.role === 'guide')
    return (
      <Result
        status="403"
        title="管理台仅对店长和总部开放"
        subTitle={`你的账号（${me.data.name || me.data.userid}）是导购：请在企业微信聊天工具栏里使用导购助手。`}
      />
    );
  return <Desk me={me.data} />;
}

function Desk({ me }: { me: MeResponse }) {
  const [tab, setTab] = useState('moments');
  // A task published from the library: the tasks tab reads its list again.
  const [published, setPublished] = useState(0);
  const isHq = me.role === 'hq';
  const logout = async () => {
    await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' });
    navigation.assign('/desk/');
  };
  return (
    <Layout className="desk">
      <Layout.Header className="desk-header">
        <Typography.Title level={4} className="desk-title">
          门店管理台
        </Typography.Title>
        <span className="desk-who">
          {me.name || me.userid} · {ROLE_LABELS[me.role]}
          {me.store ? ` · ${me.store.name}` : ''}
          <Button type="link" size="small" onClick={() => void logout()}>
            退出
          </Button>
        </span>
      </Layout.Header>
      <Layout.Content className="desk-content">
        {me.role === 'store_manager' && !me.store && (
          <Alert
            type="warning"
            showIcon
            title="你还没有对应的门店，看到的列表是空的。请管理员在通讯录中设置门店负责人。"
          />
        )}
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'moments', label: '朋友圈周检', children: <MomentsWeekPage isHq={isHq} /> },
            { key: 'discipline', label: '跟进纪律', children: later(<DisciplinePage isHq={isHq} />) },
            {
              key: 'library',
              label: '素材库',
              children: later(
                <LibraryPage
                  isHq={isHq}
                  onPublished={() => {
                    setPublished((n) => n + 1);
                    setTab('tasks');
                  }}
                />,
              ),
            },
            ...(isHq
              ? [{ key: 'tasks', label: '企业朋友圈', children: later(<TasksPage version={published} />) }]
              : []),
          ]}
        />
      </Layout.Content>
    </Layout>
  );
}
