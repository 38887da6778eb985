/** Socket frames of docs/api.md (/ws). Live features add theirs in docs/protocol.md. */
import { asObject, optNum, optStr, str } from './validate';

export interface HelloFrame {
  type: 'hello';
  node: string | null;
  userId: string | null;
  heartbeatSeconds: number;
}

export interface PongFrame {
  type: 'pong';
  requestId: string | null;
}

/** A frame of a type this client does not know yet: kept, so features can be added without breaking. */
export interface OtherFrame {
  type: 'other';
  frameType: string;
  body: Record<string, unknown>;
}

export type ServerFrame = HelloFrame | PongFrame | OtherFrame;

export interface PingFrame {
  type: 'ping';
  requestId: string;
}

export type ClientFrame = PingFrame;

export const DEFAULT_HEARTBEAT_SECONDS = 25;

/** Returns null for anything that is not a JSON object with a string `type`. */
export function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  try {
    const o = asObject(value, 'frame');
    const type = str(o, 'type', 'frame');
    if (type === 'hello') {
      const seconds = optNum(o, 'heartbeatSeconds');
      return {
        type,
        node: optStr(o, 'node', 'hello'),
        userId: optStr(o, 'userId', 'hello'),
        heartbeatSeconds: seconds && seconds > 0 ? seconds : DEFAULT_HEARTBEAT_SECONDS,
      };
    }
    if (type === 'pong') return { type, requestId: optStr(o, 'requestId', 'pong') };
    return { type: 'other', frameType: type, body: o };
  } catch {
    return null;
  }
}

export function encodeClientFrame(frame: ClientFrame): string {
  return JSON.stringify(frame);
}
