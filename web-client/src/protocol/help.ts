/** Help requests on the wire (docs/api.md "Help requests", docs/protocol.md "Help"). */
import { asArray, asObject, optNum, optStr, str } from './validate';

export interface HelpPerson {
  id: string;
  displayName: string;
}

export type HelpStatus = 'open' | 'accepted' | 'solved';

export interface HelpRequest {
  id: string;
  title: string;
  need: string;
  theme: string;
  competences: string[];
  urgency: 'low' | 'normal' | 'high';
  preferredForm: 'written' | 'call' | 'visit';
  status: HelpStatus;
  requester: HelpPerson;
  helper: HelpPerson | null;
  createdAt: string;
  late: boolean;
  thanks: string | null;
}

export interface MatchReason {
  factor: 'competence' | 'territory' | 'load' | 'responsiveness';
  points: number;
  detail: string;
}

export interface HelpMatch {
  pioneer: HelpPerson;
  rank: number;
  score: number;
  reasons: MatchReason[];
  wave: string;
  state: 'offered' | 'accepted' | 'passed' | 'lost';
  passReason: string | null;
}

export interface HelpMessage {
  id: string;
  author: HelpPerson;
  body: string;
  createdAt: string;
  /** Hidden by moderation: its text is not served. */
  hidden: boolean;
  /** Edited by moderation. */
  moderated: boolean;
}

export interface InvitedReader {
  reader: HelpPerson;
  invitedBy: HelpPerson | null;
  invitedAt: string;
}

/** Who can read the private conversation (docs/protocol.md "Help"). */
export interface HelpReaders {
  participants: HelpPerson[];
  invited: InvitedReader[];
  /** Every facilitator and administrator (the request escalated). */
  facilitators: boolean;
  /** Whom a participant may still invite. */
  invitable: HelpPerson[];
}

export interface HelpPage {
  request: HelpRequest;
  matches: HelpMatch[] | null;
  messages: HelpMessage[] | null;
  stream: string | null;
  seq: number;
  myOffer: string | null;
  readers: HelpReaders | null;
}

const person = (v: unknown, what: string): HelpPerson => {
  const o = asObject(v, what);
  return { id: str(o, 'id', what), displayName: str(o, 'displayName', what) };
};

export function parseHelpRequest(value: unknown): HelpRequest {
  const o = asObject(value, 'request');
  const status = str(o, 'status', 'request');
  return {
    id: str(o, 'id', 'request'),
    title: str(o, 'title', 'request'),
    need: str(o, 'need', 'request'),
    theme: str(o, 'theme', 'request'),
    competences: asArray(o.competences ?? [], 'competences', (v) => String(v)),
    urgency: (['low', 'normal', 'high'].includes(String(o.urgency)) ? o.urgency : 'normal') as HelpRequest['urgency'],
    preferredForm: (['written', 'call', 'visit'].includes(String(o.preferredForm)) ? o.preferredForm : 'written') as HelpRequest['preferredForm'],
    status: (status === 'accepted' || status === 'solved' ? status : 'open') as HelpStatus,
    requester: person(o.requester, 'requester'),
    helper: o.helper ? person(o.helper, 'helper') : null,
    createdAt: str(o, 'createdAt', 'request'),
    late: o.late === true,
    thanks: optStr(o, 'thanks', 'request'),
  };
}

export function parseHelpMessage(value: unknown): HelpMessage {
  const o = asObject(value, 'message');
  return {
    id: str(o, 'id', 'message'),
    author: person(o.author, 'author'),
    body: str(o, 'body', 'message'),
    createdAt: str(o, 'createdAt', 'message'),
    hidden: o.hidden === true,
    moderated: o.moderated === true,
  };
}

function parseInvited(value: unknown, what: string): InvitedReader {
  const o = asObject(value, what);
  return { reader: person(o.reader, what), invitedBy: o.invitedBy ? person(o.invitedBy, what) : null, invitedAt: str(o, 'invitedAt', what) };
}

export function parseHelpReaders(value: unknown): HelpReaders {
  const o = asObject(value, 'readers');
  return {
    participants: asArray(o.participants ?? [], 'participants', (v, w) => person(v, w)),
    invited: asArray(o.invited ?? [], 'invited', parseInvited),
    facilitators: o.facilitators === true,
    invitable: asArray(o.invitable ?? [], 'invitable', (v, w) => person(v, w)),
  };
}

export function parseHelpPage(value: unknown): HelpPage {
  const o = asObject(value, 'help');
  return {
    request: parseHelpRequest(o.request),
    matches:
      o.matches === null || o.matches === undefined
        ? null
        : asArray(o.matches, 'matches', (v, what) => {
            const m = asObject(v, what);
            return {
              pioneer: person(m.pioneer, what),
              rank: optNum(m, 'rank') ?? 0,
              score: optNum(m, 'score') ?? 0,
              reasons: asArray(m.reasons, 'reasons', (r, w) => {
                const x = asObject(r, w);
                return { factor: str(x, 'factor', w) as MatchReason['factor'], points: optNum(x, 'points') ?? 0, detail: str(x, 'detail', w) };
              }),
              wave: str(m, 'wave', what),
              state: str(m, 'state', what) as HelpMatch['state'],
              passReason: optStr(m, 'passReason', what),
            };
          }),
    messages: o.messages === null || o.messages === undefined ? null : asArray(o.messages, 'messages', parseHelpMessage),
    stream: optStr(o, 'stream', 'help'),
    seq: optNum(o, 'seq') ?? 0,
    myOffer: optStr(o, 'myOffer', 'help'),
    readers: o.readers === null || o.readers === undefined ? null : parseHelpReaders(o.readers),
  };
}

export interface MyHelp {
  asked: HelpRequest[];
  offered: HelpRequest[];
  helping: HelpRequest[];
}

export function parseMyHelp(value: unknown): MyHelp {
  const o = asObject(value, 'help');
  return {
    asked: asArray(o.asked, 'asked', parseHelpRequest),
    offered: asArray(o.offered, 'offered', parseHelpRequest),
    helping: asArray(o.helping, 'helping', parseHelpRequest),
  };
}

export interface HelpBoard {
  open: HelpRequest[];
  late: HelpRequest[];
  accepted: HelpRequest[];
  solved: HelpRequest[];
}

export function parseHelpBoard(value: unknown): HelpBoard {
  const o = asObject(value, 'board');
  return {
    open: asArray(o.open, 'open', parseHelpRequest),
    late: asArray(o.late, 'late', parseHelpRequest),
    accepted: asArray(o.accepted, 'accepted', parseHelpRequest),
    solved: asArray(o.solved, 'solved', parseHelpRequest),
  };
}

/** Events of a `help:<id>` stream; they reach screens as discussion's `other` events. */
export type HelpEvent =
  | { type: 'help.request_created' | 'help.accepted' | 'help.solved' | 'help.escalated'; request: HelpRequest }
  | { type: 'help.message_posted'; message: HelpMessage }
  | { type: 'help.message_moderated'; message: HelpMessage }
  | { type: 'help.passed'; pioneer: HelpPerson; reason: string }
  | { type: 'help.reader_invited'; invited: InvitedReader };

export function parseHelpEvent(raw: Record<string, unknown>): HelpEvent | null {
  try {
    switch (raw.type) {
      case 'help.request_created':
      case 'help.accepted':
      case 'help.solved':
      case 'help.escalated':
        return { type: raw.type, request: parseHelpRequest(raw.request) };
      case 'help.message_posted':
        return { type: 'help.message_posted', message: parseHelpMessage(raw.message) };
      case 'help.message_moderated':
        return { type: 'help.message_moderated', message: parseHelpMessage(raw.message) };
      case 'help.passed':
        return { type: 'help.passed', pioneer: person(raw.pioneer, 'pioneer'), reason: String(raw.reason ?? '') };
      case 'help.reader_invited':
        return { type: 'help.reader_invited', invited: parseInvited(raw, 'reader_invited') };
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/** Applies one event to a loaded page; messages already there are not added twice. */
export function applyHelpEvent(page: HelpPage, event: HelpEvent): HelpPage {
  switch (event.type) {
    case 'help.message_posted': {
      const messages = page.messages ?? [];
      if (messages.some((m) => m.id === event.message.id)) return page;
      return { ...page, messages: [...messages, event.message] };
    }
    case 'help.message_moderated':
      return { ...page, messages: (page.messages ?? []).map((m) => (m.id === event.message.id ? event.message : m)) };
    case 'help.passed':
      return {
        ...page,
        matches: page.matches?.map((m) => (m.pioneer.id === event.pioneer.id ? { ...m, state: 'passed', passReason: event.reason } : m)) ?? null,
      };
    case 'help.reader_invited': {
      const readers = page.readers;
      if (!readers || readers.invited.some((i) => i.reader.id === event.invited.reader.id)) return page;
      return {
        ...page,
        readers: {
          ...readers,
          invited: [...readers.invited, event.invited],
          invitable: readers.invitable.filter((p) => p.id !== event.invited.reader.id),
        },
      };
    }
    case 'help.escalated':
      return { ...page, request: event.request, readers: page.readers ? { ...page.readers, facilitators: true, invitable: [] } : null };
    default: {
      // the helper joins the participants when the request is accepted
      const participants = [event.request.requester, ...(event.request.helper ? [event.request.helper] : [])];
      return { ...page, request: event.request, readers: page.readers ? { ...page.readers, participants } : null };
    }
  }
}
