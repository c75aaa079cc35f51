/** What the index needs of a relation (SimRelation in state.ts, which imports this file). */
interface Related {
  userid: string;
  externalUserid: string;
}

/**
 * Relations by member, by customer and by pair, so that an API call costs what its answer holds rather than a
 * scan of every relation: onboarding a corp of a million relations reads them in 10,000 batch/get_by_user pages.
 * `state.relations` is append-only (a relation's fields other than userid and externalUserid may change in
 * place, as WeCom's do); the index catches up with what was pushed since it was last used.
 */
export interface RelationIndex<R extends Related> {
  byMember: Map<string, R[]>;
  byCustomer: Map<string, R[]>;
  byPair: Map<string, R>;
}

interface IndexState<R extends Related> extends RelationIndex<R> {
  indexed: number;
}

// Keyed by the array itself: a test that replaces state.relations gets a fresh index.
const indexes = new WeakMap<Related[], IndexState<Related>>();

export const pairKey = (userid: string, externalUserid: string): string => `${userid}\n${externalUserid}`;

export function relationIndex<R extends Related>(state: { relations: R[] }): RelationIndex<R> {
  const relations = state.relations;
  let index = indexes.get(relations) as IndexState<R> | undefined;
  if (!index || index.indexed > relations.length) {
    index = { indexed: 0, byMember: new Map(), byCustomer: new Map(), byPair: new Map() };
    indexes.set(relations, index);
  }
  for (; index.indexed < relations.length; index.indexed += 1) {
    const relation = relations[index.indexed]!;
    push(index.byMember, relation.userid, relation);
    push(index.byCustomer, relation.externalUserid, relation);
    index.byPair.set(pairKey(relation.userid, relation.externalUserid), relation);
  }
  return index;
}

function push<R>(map: Map<string, R[]>, key: string, relation: R): void {
  const list = map.get(key);
  if (list) list.push(relation);
  else map.set(key, [relation]);
}

/** A member's relations (every status), in the order they were made. */
export function relationsOfMember<R extends Related>(state: { relations: R[] }, userid: string): R[] {
  return relationIndex(state).byMember.get(userid) ?? [];
}

/** A customer's relations (every status), in the order they were made. */
export function relationsOfCustomer<R extends Related>(
  state: { relations: R[] },
  externalUserid: string,
): R[] {
  return relationIndex(state).byCustomer.get(externalUserid) ?? [];
}
