import type { DemoCustomer } from './demo-types';
import { DAY, SEED_TIME as T0, TAG } from './demo-tags';

/** Seed customers (WeChat users, type 1), each following one or two guides with remarks, states and corp tags. */

const avatar = (seed: string): string => `http://wx.qlogo.cn/mmhead/Q3auHgzwzM${seed}/0`;

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  {
    externalUserid: 'wmsMxZrqfrhH4-v4xwrij9899iNF5V',
    name: '王小美',
    type: 1,
    gender: 2,
    avatar: avatar('a1'),
    unionid: 'o7rWxqBXDsB63rmybZHr8roL8-9E',
    follows: [
      {
        userid: 'zhangsan',
        remark: '王小美-五一店',
        description: '喜欢辣味零食',
        createtime: T0,
        addWay: 1,
        state: 'store_qr_01',
        tagIds: [TAG.onboarding, TAG.snacks],
      },
      { userid: 'lisi', remark: '', description: '', createtime: T0 + DAY, addWay: 3, tagIds: [] },
    ],
  },
  {
    externalUserid: 'wmyngx8Sq-9bhnC4MENHN-mC0RJag6',
    name: '刘芳',
    type: 1,
    gender: 2,
    avatar: avatar('a2'),
    unionid: 'oz8oddrJCebwW3Gigez4CN6YF5pD',
    follows: [
      {
        userid: 'zhangsan',
        remark: '刘姐',
        description: '送礼需求',
        createtime: T0 + 2 * DAY,
        addWay: 1,
        state: 'store_qr_01',
        tagIds: [TAG.gifting, TAG.specialty],
      },
    ],
  },
  {
    externalUserid: 'wm4nyywEIMSZO2Z_xKhqwJ0zXgQDmY',
    name: '陈静',
    type: 1,
    gender: 2,
    avatar: avatar('a3'),
    unionid: 'oFjbD_jO3Aa2xsT71XaWTCxGIm1v',
    follows: [
      {
        userid: 'lisi',
        remark: '陈静',
        description: '',
        createtime: T0 + 3 * DAY,
        addWay: 2,
        tagIds: [TAG.awakening],
      },
    ],
  },
  {
    externalUserid: 'wmomeSd_6cGaqGr6_NwP3HW72ioBHU',
    name: '杨洋',
    type: 1,
    gender: 1,
    avatar: avatar('a4'),
    unionid: 'onOyhbAc--djvCPR69xPKsL0dSgt',
    follows: [
      {
        userid: 'wangwu',
        remark: '杨先生',
        description: '梅溪湖小区业主',
        createtime: T0 + 4 * DAY,
        addWay: 1,
        state: 'store_qr_02',
        tagIds: [TAG.onboarding],
      },
      {
        userid: 'zhaoliu',
        remark: '',
        description: '',
        createtime: T0 + 5 * DAY,
        addWay: 3,
        tagIds: [TAG.snacks],
      },
    ],
  },
  {
    externalUserid: 'wmIiKjAnAHrz1SXTfXqKGlKdbFYuLX',
    name: '黄丽',
    type: 1,
    gender: 2,
    avatar: avatar('a5'),
    unionid: 'oVBnTVqtlI1U_3uD_eEvCzYzQZ7_',
    follows: [
      {
        userid: 'wangwu',
        remark: '黄丽',
        description: '',
        createtime: T0 + 6 * DAY,
        addWay: 1,
        tagIds: [TAG.recall],
      },
    ],
  },
  {
    externalUserid: 'wmLSf0gLHghoBtDvo5j45cAa7Eo6AD',
    name: '周杰',
    type: 1,
    gender: 1,
    avatar: avatar('a6'),
    unionid: 'oReIboB9nskqyxcmzGxINAOMnI4N',
    follows: [
      { userid: 'zhaoliu', remark: '', description: '', createtime: T0 + 7 * DAY, addWay: 2, tagIds: [] },
    ],
  },
  {
    externalUserid: 'wmUF6UmAP8h23vQi1uR9oLDjnK6LYK',
    name: '吴敏',
    type: 1,
    gender: 2,
    avatar: avatar('a7'),
    unionid: 'oAw5FOP7OnSw6vPF_t-jOJENFPie',
    follows: [
      {
        userid: 'sunqi',
        remark: '吴敏-神农城',
        description: '',
        createtime: T0 + 8 * DAY,
        addWay: 1,
        state: 'store_qr_03',
        tagIds: [TAG.dormant, TAG.specialty],
      },
    ],
  },
  {
    externalUserid: 'wmDCCpKWhPzT3aSbCN6HlGwuljPu4K',
    name: '郑爽',
    type: 1,
    gender: 0,
    avatar: avatar('a8'),
    unionid: 'oSNZLEWVHh60XjmWMS7FTmfTWsYE',
    follows: [
      {
        userid: 'sunqi',
        remark: '',
        description: '',
        createtime: T0 + 9 * DAY,
        addWay: 1,
        tagIds: [TAG.snacks],
      },
      {
        userid: 'zhangsan',
        remark: '郑爽',
        description: '',
        createtime: T0 + 10 * DAY,
        addWay: 3,
        tagIds: [],
      },
    ],
  },
];
