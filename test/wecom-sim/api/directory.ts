import { WecomError } from '../errors';
import type { SimDepartment, SimMember, SimState } from '../state';
import type { ApiRoute } from './common';

/** 60111 for an unknown userid (API.md §3.7). */
export function requireMember(state: SimState, userid: string | undefined): SimMember {
  const member = userid ? state.members.get(userid) : undefined;
  if (!member) throw new WecomError(60111, userid ? `userid ${userid}` : 'userid empty');
  return member;
}

/**
 * `GET user/get?userid` (API.md §3.7). Since 2022-06-20 new self-built apps do not receive avatar, gender, mobile,
 * email, biz_mail, qr_code or address: they come back empty, which must not be read as "has no mobile".
 */
export const userGet: ApiRoute = {
  method: 'GET',
  auth: true,
  handler: ({ query, ctx }) => {
    const member = requireMember(ctx.state, query.userid);
    return {
      userid: member.userid,
      name: member.name,
      department: member.department,
      order: member.department.map(() => 0),
      position: member.position,
      mobile: '',
      gender: '',
      email: '',
      biz_mail: '',
      // One flag per entry of `department`, in the same order (doc 90196).
      is_leader_in_dept: member.department.map((id) =>
        ctx.state.departments.find((d) => d.id === id)?.leaders?.includes(member.userid) ? 1 : 0,
      ),
      direct_leader: [],
      avatar: '',
      thumb_avatar: '',
      telephone: '',
      alias: '',
      address: '',
      main_department: member.mainDepartment,
      extattr: { attrs: [] },
      status: 1,
      qr_code: '',
      external_position: '',
      external_profile: { external_corp_name: ctx.state.corp.corpName, external_attr: [] },
    };
  },
};

/** Ids of the given departments and every department under them. */
export function departmentSubtree(departments: SimDepartment[], rootIds: number[]): Set<number> {
  const ids = new Set(rootIds);
  // Departments may be listed in any order: grow the set until it stops changing.
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of departments) {
      if (!ids.has(d.id) && ids.has(d.parentid)) {
        ids.add(d.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** `GET department/list?id` — id optional; with id, that department and everything under it (API.md §3.7). */
export const departmentList: ApiRoute = {
  method: 'GET',
  auth: true,
  handler: ({ query, ctx }) => {
    const departments = ctx.state.departments;
    let selected = departments;
    if (query.id !== undefined && query.id !== '') {
      const id = Number(query.id);
      if (!Number.isInteger(id) || !departments.some((d) => d.id === id)) throw new WecomError(60123);
      const ids = departmentSubtree(departments, [id]);
      selected = departments.filter((d) => ids.has(d.id));
    }
    return {
      department: selected.map((d) => ({
        id: d.id,
        name: d.name,
        name_en: '',
        department_leader: d.leaders ?? [],
        parentid: d.parentid,
        order: d.order,
      })),
    };
  },
};

/** `GET externalcontact/get_follow_user_list`: members with 客户联系 enabled. */
export const getFollowUserList: ApiRoute = {
  method: 'GET',
  auth: true,
  handler: ({ ctx }) => ({
    follow_user: [...ctx.state.members.values()].filter((m) => m.hasCustomerContact).map((m) => m.userid),
  }),
};
