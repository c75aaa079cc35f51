import type { WecomClient } from '../client';

/** user/get (API.md §3.7). New apps get no avatar/gender/mobile: absent fields are not "no value". */
export interface WecomUser {
  userid: string;
  name: string;
  department?: number[];
  main_department?: number;
  position?: string;
  status?: number;
  /** 1 where the member leads the department at the same index of `department`. */
  is_leader_in_dept?: number[];
}

export interface WecomDepartment {
  id: number;
  name: string;
  parentid: number;
  order?: number;
  /** The department's leaders (部门负责人), by userid. */
  department_leader?: string[];
}

export function getUser(client: WecomClient, userid: string): Promise<WecomUser> {
  return client.get<WecomUser>('user/get', { userid });
}

/** The department tree under `id` (the whole corp when omitted). */
export async function listDepartments(client: WecomClient, id?: number): Promise<WecomDepartment[]> {
  const reply = await client.get<{ department?: WecomDepartment[] }>('department/list', { id });
  return reply.department ?? [];
}
