import { type Actor, relationScopeSql } from '../access/actor';

/**
 * Collects the values of a parameterised statement and hands out their `$n` placeholders, so fragments built
 * by different functions (the actor's scope, a compiled rule, a cursor) number their parameters consistently.
 * Values never reach the SQL text.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder, with a cast when pg cannot infer the type (arrays, enums). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }

  /** The actor's limit on guide_customer rows (aliased `gc`), with its parameters added here. */
  scope(actor: Actor): string {
    const scope = relationScopeSql(actor, this.values.length + 1);
    this.values.push(...scope.params);
    return scope.sql;
  }
}
