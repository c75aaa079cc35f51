import { DEMO_CUSTOMERS } from './demo-customers';
import { DEMO_STRATEGIES, DEMO_STRATEGY_TAG_GROUPS } from './demo-strategy-tags';
import { DEMO_TAG_GROUPS } from './demo-tags';
import type { DemoCorp } from './demo-types';

/**
 * The demo corp the simulator serves by default: credentials plus seed data (stores, guides, customers, corp tags).
 * Values follow WeCom's formats (API.md §1.1, §3) so that validation code in the bot sees realistic input.
 */

export const DEMO_CORP: DemoCorp = {
  corpId: 'ww6bfcfbc4a630f6f1',
  corpName: '某某零售',
  corpSecret: 'pRr0esdKW0KcYnHj7M9M388C9w2HhUNJrVEAE5L01B0',
  agentId: 1000002,
  token: 'GuideScrmSimToken2026',
  encodingAesKey: '9bSev6BKlKt5RJy51bUYCXhy3uuTd8jBlJfG3JBglQM',
  departments: [
    { id: 1, name: '某某零售总部', parentid: 0, order: 100000000 },
    // 李四 is the store manager (店长): WeCom's department leader.
    { id: 2, name: '长沙五一广场店', parentid: 1, order: 99999000, leaders: ['lisi'] },
    { id: 3, name: '长沙梅溪湖店', parentid: 1, order: 99998000 },
    { id: 4, name: '株洲神农城店', parentid: 1, order: 99997000 },
  ],
  members: [
    {
      userid: 'zhangsan',
      name: '张三',
      department: [2],
      mainDepartment: 2,
      position: '导购',
      hasCustomerContact: true,
    },
    {
      userid: 'lisi',
      name: '李四',
      department: [2],
      mainDepartment: 2,
      position: '店长',
      hasCustomerContact: true,
    },
    {
      userid: 'wangwu',
      name: '王五',
      department: [3],
      mainDepartment: 3,
      position: '导购',
      hasCustomerContact: true,
    },
    {
      userid: 'zhaoliu',
      name: '赵六',
      department: [3],
      mainDepartment: 3,
      position: '导购',
      hasCustomerContact: true,
    },
    {
      userid: 'sunqi',
      name: '孙七',
      department: [4],
      mainDepartment: 4,
      position: '导购',
      hasCustomerContact: true,
    },
  ],
  tagGroups: DEMO_TAG_GROUPS,
  customers: DEMO_CUSTOMERS,
  strategies: DEMO_STRATEGIES,
  strategyTagGroups: DEMO_STRATEGY_TAG_GROUPS,
};
