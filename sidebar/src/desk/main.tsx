import 'dayjs/locale/zh-cn';
import { ConfigProvider, App as AntApp } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import { createRoot } from 'react-dom/client';
import { DeskApp } from '@/desk/shell/desk-app';

// The managers' desk: a page of its own (desk/index.html), so antd and the charts never reach the sidebar's bundle.
dayjs.locale('zh-cn');
const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}>
      <AntApp>
        <DeskApp />
      </AntApp>
    </ConfigProvider>,
  );
