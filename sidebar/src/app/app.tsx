import { useEffect, useState } from 'react';
import { ErrorState } from '@/components/ui/error-state';
import { PageSkeleton } from '@/components/ui/page-skeleton';
import { navigation } from '@/lib/navigation';
import { goTo, useHashRoute } from '@/app/hash-route';
import { CustomerRoute } from '@/app/routes/customer-route';
import { SdkErrorPage } from '@/app/routes/sdk-error-page';
import { SingleChatOnlyPage } from '@/app/routes/single-chat-only-page';
import { TodayRoute } from '@/app/routes/today-route';
import { useBoot } from '@/app/use-boot';

/**
 * The sidebar: sign-in and the JS-SDK first, then the page the route names. (antd-mobile's default locale is
 * zh-CN already, so no ConfigProvider.)
 */
export function App() {
  const [attempt, setAttempt] = useState(0);
  const boot = useBoot(attempt);
  const route = useHashRoute();
  const home = boot.status === 'ready' ? boot.home : null;

  // The entry decides the first page; write it into the hash so later moves (and a reload) keep their place.
  useEffect(() => {
    if (home) goTo(home, { replace: true });
  }, [home]);

  switch (boot.status) {
    case 'loading':
      return <PageSkeleton label="正在连接企业微信" />;
    case 'error':
      return (
        <ErrorState error={boot.error} onRetry={() => setAttempt((a) => a + 1)} title="无法打开导购助手" />
      );
    case 'sdk_error':
      return <SdkErrorPage problem={boot.problem} onRetry={() => navigation.reload()} />;
    case 'ready':
      break;
  }
  const current = route.name === 'none' ? boot.home : route;
  switch (current.name) {
    case 'customer':
      return (
        <CustomerRoute
          key={current.externalUserid}
          externalUserid={current.externalUserid}
          me={boot.me}
          wecom={boot.wecom}
        />
      );
    case 'today':
      return <TodayRoute me={boot.me} wecom={boot.wecom} />;
    case 'single-chat-only':
      return <SingleChatOnlyPage entry={current.entry} />;
    case 'none':
      return <TodayRoute me={boot.me} wecom={boot.wecom} />;
  }
}
