import { DEMO_CUSTOMERS } from './demo-customers';
import { DEMO_STRATEGIES, DEMO_STRATEGY_TAG_GROUPS } from './demo-strategy-tags';
import { DEMO_TAG_GROUPS } from './demo-tags';

/**
 * The demo corp the simulator serves by default: credentials plus seed data (stores, guides, customers, corp tags).
 * Values follow WeCom's formats (API.md §1.1, §3) so that validation code in the bot sees realistic input.
 */

export interface DemoDepartment {
  id: number;
  name: string;
  /** 0 for the root department, as WeCom answers in department/list. */
  parentid: number;
  order: number;
}

export interface DemoMember {
  userid: string;
  name: string;
  department: number[];
  mainDepartment: number;
  position: string;
  /** 客户联系 enabled: only such members appear in get_follow_user_list and may own customers. */
  hasCustomerContact: boolean;
}

export interface DemoTag {
  id: string;
  name: string;
  createTime: number;
  order: number;
}

export interface DemoTagGroup {
  groupId: string;
  groupName: string;
  createTime: number;
  order: number;
  tags: DemoTag[];
}

export interface DemoFollow {
  userid: string;
  remark: string;
  description: string;
  /** Unix seconds. */
  createtime: number;
  addWay: number;
  state?: string;
  tagIds: string[];
  /** Personal (type 2) tag names the member put on the customer in the client. */
  personalTags?: string[];
}

export interface DemoCustomer {
  externalUserid: string;
  name: string;
  /** 1 = WeChat user, 2 = WeCom user (API.md §3.2). */
  type: 1 | 2;
  gender: 0 | 1 | 2;
  avatar: string;
  unionid?: string;
  follows: DemoFollow[];
}

export interface DemoCorp {
  corpId: string;
  corpName: string;
  corpSecret: string;
  agentId: number;
  /** Callback Token: letters/digits, at most 32 chars (API.md §1.1). */
  token: string;
  /** Exactly 43 chars of [a-zA-Z0-9]; base64-decodes (with '=') to 32 bytes. */
  encodingAesKey: string;
  departments: DemoDepartment[];
  members: DemoMember[];
  tagGroups: DemoTagGroup[];
  customers: DemoCustomer[];
  /** 规则组 made in the admin console, with their tag groups (absent = none). */
  strategies?: Array<{ strategyId: number; strategyName: string }>;
  strategyTagGroups?: Array<DemoTagGroup & { strategyId: number }>;
}

export const DEMO_CORP: DemoCorp = {
  corpId: 'ww6bfcfbc4a630f6f1',
  corpName: '某某零售',
  corpSecret: 'pRr0esdKW0KcYnHj7M9M388C9w2HhUNJrVEAE5L01B0',
  agentId: 1000002,
  token: 'GuideScrmSimToken2026',
  encodingAesKey: '9bSev6BKlKt5RJy51bUYCXhy3uuTd8jBlJfG3JBglQM',
  departments: [
    { id: 1, name: '某某零售总部', parentid: 0, order: 100000000 },
    { id: 2, name: '长沙五一广场店', parentid: 1, order: 99999000 },
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
