import { timeOf, type BitrixAnswer } from './bitrix-envelope.ts';
import { BitrixError, invalidArgument } from './bitrix-errors.ts';
import type { BitrixCall, MethodTable } from './bitrix-methods.ts';
import { param, parseBrackets, type Params } from './bitrix-params.ts';
import { bitrixErrorOf } from './bitrix.routes.ts';

/**
 * `batch` (docs/bitrix24-api.md, spec §13): up to 50 sub-requests `method?query`, run one after another as the same
 * caller, each in its own transaction, later ones reading earlier results through `$result[name][FIELD]…`. The
 * answer is five maps keyed by sub-request name, serialised as PHP does (`[]` when empty, an array when the keys are
 * 0..n-1), so clients that test for a list or for a dict both work.
 */

export const maxBatchLength = 50;

const mapNames = ['result', 'result_error', 'result_total', 'result_next', 'result_time'] as const;
type MapName = (typeof mapNames)[number];
type Maps = Record<MapName, Map<string, unknown>>;

// `$result[a]`, `$result[a][ID]`, `$result[a][0][ID]`, `$result_total[a]`: a map, then a path of keys.
const reference = /\$(result_error|result_total|result_next|result_time|result)((?:\[[^\][]*\])+)/g;

export const batchMethods: MethodTable = {
  batch: { scope: null, run: runBatch },
};

async function runBatch(call: BitrixCall): Promise<BitrixAnswer> {
  const commands = commandsOf(param(call.params, 'cmd'));
  const halt = isTrue(param(call.params, 'halt'));
  const maps: Maps = { result: new Map(), result_error: new Map(), result_total: new Map(), result_next: new Map(), result_time: new Map() };
  for (const [name, command] of commands) {
    const started = call.caller.ctx.now();
    try {
      const { method, params } = parseCommand(command, maps);
      const answer = await call.call(method, params);
      maps.result.set(name, answer.result);
      if (answer.total !== undefined) maps.result_total.set(name, answer.total);
      if (answer.next !== undefined) maps.result_next.set(name, answer.next);
    } catch (error) {
      const found = bitrixErrorOf(error);
      maps.result_error.set(name, { error: found.code, error_description: found.message });
    }
    maps.result_time.set(name, timeOf(started, call.caller.ctx.now()));
    if (halt && maps.result_error.has(name)) break;
  }
  return { result: Object.fromEntries(mapNames.map((map) => [map, asPhpArray(maps[map])])) };
}

/** The sub-requests in their order, by name (an array's names are its indexes). At most 50. */
function commandsOf(cmd: unknown): Array<[string, unknown]> {
  if (cmd === undefined || cmd === null || cmd === '') return [];
  if (typeof cmd !== 'object') throw invalidArgument('cmd must be an array or an object of commands');
  const entries = Array.isArray(cmd) ? cmd.map((command, index): [string, unknown] => [String(index), command]) : Object.entries(cmd as Params);
  if (entries.length > maxBatchLength) throw new BitrixError(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded');
  return entries;
}

/** `halt` as clients send it: 1/0 (JS SDK), true/false (PHP SDK, JSON), "1", "true", "Y" (query strings). */
function isTrue(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return typeof value === 'string' && ['1', 'true', 'y', 'yes'].includes(value.trim().toLowerCase());
}

/** `method?query` as a method and its parameters, references to earlier results filled in. */
function parseCommand(command: unknown, maps: Maps): { method: string; params: Params } {
  if (typeof command !== 'string' || command.trim() === '') throw invalidArgument('A batch command must be a string "method?parameters"');
  const at = command.indexOf('?');
  const method = (at < 0 ? command : command.slice(0, at)).trim();
  if (method.toLowerCase() === 'batch') throw new BitrixError(405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage');
  const params = at < 0 ? {} : parseBrackets(command.slice(at + 1));
  return { method, params: substitute(params, maps) as Params };
}

/**
 * Fills `$result[…]` references in the (decoded) values. A value that is one whole reference takes the referenced
 * value as it is (a number, or a list for `filter[@ID]`); references inside a longer text are replaced by their text.
 * A reference to nothing (an unknown or failed sub-request, a missing key) is left as written, as Bitrix24 does: the
 * method then reports the value it cannot use.
 */
function substitute(value: unknown, maps: Maps): unknown {
  if (typeof value === 'string') {
    if (!value.includes('$result')) return value;
    const whole = new RegExp(`^${reference.source}$`).exec(value);
    if (whole) {
      const found = resolve(maps, whole[1] as MapName, whole[2]!);
      return found === undefined ? value : typeof found === 'object' && found !== null ? found : textOf(found);
    }
    return value.replace(reference, (text, map: MapName, path: string) => {
      const found = resolve(maps, map, path);
      return found === undefined || (typeof found === 'object' && found !== null) ? text : textOf(found);
    });
  }
  if (Array.isArray(value)) return value.map((entry) => substitute(entry, maps));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, substitute(entry, maps)]));
  return value;
}

function resolve(maps: Maps, map: MapName, path: string): unknown {
  const keys = [...path.matchAll(/\[([^\][]*)\]/g)].map((match) => match[1]!);
  let current: unknown = maps[map].get(keys[0]!);
  for (const key of keys.slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(key)] : (current as Params)[key];
  }
  return current === null ? '' : current;
}

/** A value as the text a query string would carry (PHP: true is "1", false is ""). */
const textOf = (value: unknown) => (value === true ? '1' : value === false ? '' : String(value));

/** A map as PHP's json_encode writes an array: `[]` when empty, a list when its keys are 0..n-1, else an object. */
export function asPhpArray(map: Map<string, unknown>): unknown {
  const keys = [...map.keys()];
  if (keys.every((key, index) => key === String(index))) return [...map.values()];
  return Object.fromEntries(map);
}
