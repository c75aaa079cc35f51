import { parseArgs } from 'node:util';

/** Argument parsing shared by main.ts and the *-commands.ts files. */

const CLI_OPTIONS = {
  sim: { type: 'string' },
  guide: { type: 'string' },
  customer: { type: 'string' },
  name: { type: 'string' },
  state: { type: 'string' },
  'no-welcome-code': { type: 'boolean' },
  half: { type: 'boolean' },
  remark: { type: 'string' },
  description: { type: 'string' },
  'add-tag': { type: 'string', multiple: true },
  'remove-tag': { type: 'string', multiple: true },
  'add-personal-tag': { type: 'string', multiple: true },
  'remove-personal-tag': { type: 'string', multiple: true },
  'personal-tag': { type: 'string', multiple: true },
  'contact-way': { type: 'string' },
  'group-name': { type: 'string' },
  group: { type: 'string' },
  tag: { type: 'string', multiple: true },
  id: { type: 'string', multiple: true },
  strategy: { type: 'string' },
  chat: { type: 'string' },
  member: { type: 'string', multiple: true },
  notice: { type: 'string' },
  how: { type: 'string' },
  invitor: { type: 'string' },
  removed: { type: 'boolean' },
  msgid: { type: 'string' },
  skip: { type: 'string', multiple: true },
  'confirm-only': { type: 'boolean' },
  path: { type: 'string' },
  limit: { type: 'string' },
  port: { type: 'string' },
  'callback-url': { type: 'string' },
  entry: { type: 'string' },
  bot: { type: 'string' },
  target: { type: 'string' },
  session: { type: 'string' },
  moment: { type: 'string' },
  text: { type: 'string' },
  comment: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCli() {
  return parseArgs({ allowPositionals: true, options: CLI_OPTIONS });
}

export type CliValues = ReturnType<typeof parseCli>['values'];

export function needValue<K extends keyof CliValues>(values: CliValues, name: K): NonNullable<CliValues[K]> {
  const value = values[name];
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    throw new Error(`missing --${String(name)}`);
  return value;
}

export function simBase(values: CliValues, env: NodeJS.ProcessEnv): string {
  return (values.sim ?? env.WECOM_SIM_URL ?? 'http://127.0.0.1:8081').replace(/\/+$/, '');
}
