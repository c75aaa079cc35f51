// The shape of a simulated corp (demo-corp.ts is the one the quick start and the tests use).
export interface DemoDepartment {
  id: number;
  name: string;
  /** 0 for the root department, as WeCom answers in department/list. */
  parentid: number;
  order: number;
  /** The department's leaders (部门负责人): department/list `department_leader`, user/get `is_leader_in_dept`. */
  leaders?: string[];
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
