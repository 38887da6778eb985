/** Tiny runtime validators: the server is trusted, but a shape we do not expect must fail loudly. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export type Json = Record<string, unknown>;

export function asObject(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError(`${what}: expected an object`);
  }
  return value as Json;
}

export function asArray<T>(value: unknown, what: string, item: (v: unknown, what: string) => T): T[] {
  if (!Array.isArray(value)) throw new ProtocolError(`${what}: expected an array`);
  return value.map((v, i) => item(v, `${what}[${i}]`));
}

export function str(o: Json, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new ProtocolError(`${what}.${key}: expected a string`);
  return v;
}

export function optStr(o: Json, key: string, what: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new ProtocolError(`${what}.${key}: expected a string or null`);
  return v;
}

export function optNum(o: Json, key: string): number | null {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function oneOf<T extends string>(o: Json, key: string, values: readonly T[], what: string): T {
  const v = str(o, key, what);
  if (!(values as readonly string[]).includes(v)) {
    throw new ProtocolError(`${what}.${key}: unexpected value ${JSON.stringify(v)}`);
  }
  return v as T;
}
