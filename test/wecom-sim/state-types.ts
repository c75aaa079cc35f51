/**
 * State types for the contact-way, rule-group tag, customer-group and mass-message-result parts of the simulator.
 * They live here so state.ts stays readable; state.ts re-exports every one of them and SimState (in state.ts)
 * holds the collections.
 */

/** A 结束语 (conclusion) of a temporary-chat contact way; shapes from doc 92228 (via handsomegyr/qywechat). */
export interface SimConclusions {
  text?: { content: string };
  image?: { media_id?: string; pic_url?: string };
  link?: { title: string; picurl?: string; desc?: string; url: string };
  miniprogram?: { title: string; pic_media_id: string; appid: string; page: string };
}

/**
 * A 「联系我」 configuration (doc 92228 配置客户联系「联系我」方式; field names from handsomegyr/qywechat
 * ContactWay.php and zsmhub/workweixin, both copies of the doc).
 */
export interface SimContactWay {
  configId: string;
  /** 1 = single member, 2 = several members/departments. */
  type: 1 | 2;
  /** 1 = mini-program button, 2 = QR code (only scene 2 has a qr_code). */
  scene: 1 | 2;
  style?: number;
  remark: string;
  skipVerify: boolean;
  state?: string;
  user: string[];
  /** Department ids; only meaningful for type 2. */
  party: number[];
  isTemp: boolean;
  /** Temporary ways only (seconds). */
  expiresIn?: number;
  chatExpiresIn?: number;
  unionid?: string;
  conclusions?: SimConclusions;
  qrCode?: string;
  /** Sim-clock ms. */
  createdAt: number;
  deleted: boolean;
  /** A temporary QR code stops working once a customer has added through it (doc 92228). Sim-clock ms. */
  usedAt?: number;
  /** Round-robin position for multi-member ways when the test does not pick the member. */
  nextPick: number;
}

/** A 客户联系规则组 (rule group). Only console-made ones exist: the simulator has no API to create them. */
export interface SimStrategy {
  strategyId: number;
  strategyName: string;
  /** agentid of the app that created it; absent = made in the admin console. */
  createdBy?: number;
}

/** A personal (type 2) tag a member put on a customer in the client; it has no tag_id (doc 92114). */
export interface SimPersonalTag {
  groupName: string;
  tagName: string;
}

export interface SimGroupChatMember {
  /** Member userid (type 1) or external_userid (type 2). */
  userid: string;
  /** 1 = corp member, 2 = external contact. */
  type: 1 | 2;
  /** Unix seconds. */
  joinTime: number;
  /** groupchat/get numbering: 1 invited directly, 2 via invite link, 3 scanned the group QR code (doc 92122). */
  joinScene: 1 | 2 | 3;
  invitor?: string;
  groupNickname: string;
  name: string;
  unionid?: string;
}

/** A 客户群 (customer group) owned by a member with 客户联系. */
export interface SimGroupChat {
  chatId: string;
  name: string;
  owner: string;
  /** Unix seconds. */
  createTime: number;
  notice: string;
  adminList: string[];
  members: SimGroupChatMember[];
  status: 'active' | 'dismissed';
  /** Opaque member-list version (CurMemVer in change_external_chat). */
  memberVersion: string;
}

/** get_groupmsg_task row: 0 unsent, 1 confirmed, 2 sent (doc 93338 via handsomegyr/qywechat GroupMsg.php). */
export interface SimMassTask {
  userid: string;
  status: 0 | 1 | 2;
  /** Unix seconds; null until sent. */
  sendTime: number | null;
}

/** get_groupmsg_send_result row: 0 unsent, 1 sent, 2 not a friend, 3 receive quota used up. */
export interface SimMassSendResult {
  userid: string;
  externalUserid?: string;
  chatId?: string;
  status: 0 | 1 | 2 | 3;
  sendTime: number | null;
}

/** One delivered mass message, counted against the receiver's monthly quota (API.md §3.5). */
export interface SimMassReceipt {
  /** external_userid or chat_id. */
  receiver: string;
  msgid: string;
  /** Sim-clock ms. */
  at: number;
}

/** Who liked or commented on a post: a customer (external_userid) or a member (userid), never both. */
export type SimMomentReaction = ({ externalUserid: string } | { userid: string }) & { createTime: number };

/** A Moments post (客户朋友圈) as get_moment_list returns it (API.md §3.6). */
export interface SimMoment {
  momentId: string;
  creator: string;
  /** Unix seconds. */
  createTime: number;
  /** 0: the corp's (an add_moment_task post), 1: the member's own. */
  createType: 0 | 1;
  /** 0: visible to some customers, 1: to all. */
  visibleType: 0 | 1;
  text: string;
  images: string[];
  video?: { mediaId: string; thumbMediaId: string };
  link?: { title: string; url: string };
  /** Deleted by the member: gone from get_moment_list; its id answers 41060. */
  deleted: boolean;
  comments: SimMomentReaction[];
  likes: SimMomentReaction[];
  /** An enterprise post (create_type 0, add_moment_task): who may publish it, who did, and the corp tags it aims at. */
  task?: { senders: string[]; published: string[]; tagIds: string[] };
}

/** A file uploaded with media/upload_attachment: what add_moment_task may attach. */
export interface SimAttachment {
  mediaId: string;
  type: 'image' | 'video';
  /** 1: Moments, 2: product album. */
  attachmentType: 1 | 2;
  size: number;
  createdAt: number;
}

/** An add_moment_task job and what get_moment_task_result answers for it. */
export interface SimMomentTask {
  jobid: string;
  createdAt: number;
  result: {
    errcode: number;
    errmsg: string;
    momentId?: string;
    invalidSenders: string[];
    invalidTags: string[];
  };
}
