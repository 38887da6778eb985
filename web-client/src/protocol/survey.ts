/** Needs surveys (docs/api.md "Surveys", docs/protocol.md "Surveys"). Missing lists read as []. */
import { asArray, asObject, optNum, optStr, str, type Json } from './validate';

export const QUESTION_KINDS = ['rank', 'single', 'multiple', 'scale', 'short_text', 'long_text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const AUDIENCE_KINDS = ['network', 'themes', 'territories', 'roles'] as const;
export type AudienceKind = (typeof AUDIENCE_KINDS)[number];
export const OPTION_SOURCES = ['themes', 'levers', 'competences'] as const;
export type OptionSource = (typeof OPTION_SOURCES)[number];
export type SurveyState = 'draft' | 'scheduled' | 'open' | 'closed';
export const surveyStream = (id: string) => `survey:${id}`;

export interface SurveyOption {
  value: string;
  label: string;
  labelEn: string | null;
}

export interface Question {
  id: string;
  kind: QuestionKind;
  prompt: string;
  helpText: string;
  required: boolean;
  options: SurveyOption[];
  optionSource: OptionSource | null;
  maxKept: number | null;
}

export interface Survey {
  id: string;
  title: string;
  introduction: string;
  audienceKind: AudienceKind;
  audienceValues: string[];
  invitedGuests: string[];
  opensAt: string;
  closesAt: string;
  anonymous: boolean;
  liveResults: boolean;
  status: string;
  state: SurveyState;
  answerCount: number;
  answered: boolean;
  canBuild: boolean;
  canAnswer: boolean;
  canSeeResults: boolean;
  questions: Question[];
}

export interface SurveySummary {
  id: string;
  title: string;
  state: SurveyState;
  opensAt: string;
  closesAt: string;
  anonymous: boolean;
  answerCount: number;
  answered: boolean;
}

export interface AnswerItem {
  questionId: string;
  choices?: string[];
  scale?: number | null;
  text?: string | null;
}

export interface MyAnswer {
  status: 'none' | 'draft' | 'submitted';
  answers: AnswerItem[];
  editable: boolean;
}

export interface RankRow {
  value: string;
  label: string;
  points: number;
  rank: number;
  firstPlaces: number;
}

export interface ChoiceRow {
  value: string;
  label: string;
  count: number;
  percent: number;
}

export interface QuestionResult {
  questionId: string;
  kind: QuestionKind;
  prompt: string;
  answered: number;
  ranking: RankRow[];
  choices: ChoiceRow[];
  distribution: number[];
  median: number | null;
  texts: string[];
}

export interface Breakdown {
  dimension: 'territory' | 'organisation';
  groups: { key: string; answerCount: number; questions: QuestionResult[] }[];
  hiddenGroups: number;
}

export interface Results {
  stream: string;
  surveyId: string;
  answerCount: number;
  seq: number;
  state: SurveyState;
  threshold: number;
  questions: QuestionResult[];
  breakdowns: Breakdown[];
  /** Tags on free-text answers, with how many answers carry each. */
  tags: TagCount[];
  /** Free-text answers with their answer id and tags: facilitators only (missing otherwise). */
  entries: TextEntry[];
}

export interface TagCount {
  questionId: string;
  label: string;
  count: number;
}

export interface TextEntry {
  questionId: string;
  answerId: string;
  text: string;
  tags: string[];
}

const bool = (o: Json, key: string) => o[key] === true;
const num = (o: Json, key: string) => optNum(o, key) ?? 0;
const list = <T>(o: Json, key: string, what: string, item: (v: unknown, w: string) => T): T[] =>
  o[key] === undefined || o[key] === null ? [] : asArray(o[key], what, item);
const strings = (o: Json, key: string, what: string) => list(o, key, what, (v) => String(v));

function parseOption(value: unknown, what: string): SurveyOption {
  const o = asObject(value, what);
  return { value: str(o, 'value', what), label: str(o, 'label', what), labelEn: optStr(o, 'labelEn', what) };
}

export function parseQuestion(value: unknown, what = 'question'): Question {
  const o = asObject(value, what);
  return {
    id: str(o, 'id', what),
    kind: str(o, 'kind', what) as QuestionKind,
    prompt: str(o, 'prompt', what),
    helpText: optStr(o, 'helpText', what) ?? '',
    required: bool(o, 'required'),
    options: list(o, 'options', what, parseOption),
    optionSource: optStr(o, 'optionSource', what) as OptionSource | null,
    maxKept: optNum(o, 'maxKept'),
  };
}

export function parseSurvey(value: unknown, what = 'survey'): Survey {
  const o = asObject(value, what);
  return {
    id: str(o, 'id', what),
    title: str(o, 'title', what),
    introduction: optStr(o, 'introduction', what) ?? '',
    audienceKind: str(o, 'audienceKind', what) as AudienceKind,
    audienceValues: strings(o, 'audienceValues', what),
    invitedGuests: strings(o, 'invitedGuests', what),
    opensAt: str(o, 'opensAt', what),
    closesAt: str(o, 'closesAt', what),
    anonymous: bool(o, 'anonymous'),
    liveResults: bool(o, 'liveResults'),
    status: str(o, 'status', what),
    state: str(o, 'state', what) as SurveyState,
    answerCount: num(o, 'answerCount'),
    answered: bool(o, 'answered'),
    canBuild: bool(o, 'canBuild'),
    canAnswer: bool(o, 'canAnswer'),
    canSeeResults: bool(o, 'canSeeResults'),
    questions: list(o, 'questions', what, parseQuestion),
  };
}

export const parseSurveyList = (value: unknown): SurveySummary[] =>
  asArray(value, 'surveys', (v, what) => {
    const o = asObject(v, what);
    return {
      id: str(o, 'id', what),
      title: str(o, 'title', what),
      state: str(o, 'state', what) as SurveyState,
      opensAt: str(o, 'opensAt', what),
      closesAt: str(o, 'closesAt', what),
      anonymous: bool(o, 'anonymous'),
      answerCount: num(o, 'answerCount'),
      answered: bool(o, 'answered'),
    };
  });

function parseAnswerItem(value: unknown, what: string): AnswerItem {
  const o = asObject(value, what);
  return { questionId: str(o, 'questionId', what), choices: strings(o, 'choices', what), scale: optNum(o, 'scale'), text: optStr(o, 'text', what) };
}

export function parseMyAnswer(value: unknown): MyAnswer {
  const o = asObject(value, 'answer');
  return { status: str(o, 'status', 'answer') as MyAnswer['status'], answers: list(o, 'answers', 'answer', parseAnswerItem), editable: bool(o, 'editable') };
}

function parseQuestionResult(value: unknown, what: string): QuestionResult {
  const o = asObject(value, what);
  return {
    questionId: str(o, 'questionId', what),
    kind: str(o, 'kind', what) as QuestionKind,
    prompt: str(o, 'prompt', what),
    answered: num(o, 'answered'),
    ranking: list(o, 'ranking', what, (v, w) => {
      const r = asObject(v, w);
      return { value: str(r, 'value', w), label: str(r, 'label', w), points: num(r, 'points'), rank: num(r, 'rank'), firstPlaces: num(r, 'firstPlaces') };
    }),
    choices: list(o, 'choices', what, (v, w) => {
      const r = asObject(v, w);
      return { value: str(r, 'value', w), label: str(r, 'label', w), count: num(r, 'count'), percent: num(r, 'percent') };
    }),
    distribution: list(o, 'distribution', what, (v) => Number(v)),
    median: optNum(o, 'median'),
    texts: strings(o, 'texts', what),
  };
}

export function parseResults(value: unknown): Results {
  const o = asObject(value, 'results');
  const surveyId = str(o, 'surveyId', 'results');
  return {
    stream: surveyStream(surveyId),
    surveyId,
    answerCount: num(o, 'answerCount'),
    seq: num(o, 'seq'),
    state: str(o, 'state', 'results') as SurveyState,
    threshold: num(o, 'threshold'),
    questions: list(o, 'questions', 'results', parseQuestionResult),
    breakdowns: list(o, 'breakdowns', 'results', (v, w) => {
      const b = asObject(v, w);
      return {
        dimension: str(b, 'dimension', w) as Breakdown['dimension'],
        groups: list(b, 'groups', w, (g, gw) => {
          const x = asObject(g, gw);
          return { key: str(x, 'key', gw), answerCount: num(x, 'answerCount'), questions: list(x, 'questions', gw, parseQuestionResult) };
        }),
        hiddenGroups: num(b, 'hiddenGroups'),
      };
    }),
    tags: list(o, 'tags', 'results', (v, w) => {
      const x = asObject(v, w);
      return { questionId: str(x, 'questionId', w), label: str(x, 'label', w), count: num(x, 'count') };
    }),
    entries: list(o, 'entries', 'results', (v, w) => {
      const x = asObject(v, w);
      return { questionId: str(x, 'questionId', w), answerId: str(x, 'answerId', w), text: str(x, 'text', w), tags: strings(x, 'tags', w) };
    }),
  };
}

/** Moves one item of a list up (-1) or down (+1); the same list when it cannot move. */
export function move<T>(items: T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return items;
  const next = items.slice();
  [next[index], next[target]] = [next[target], next[index]];
  return next;
}

/** Whether an answer item holds something (the server's "given"). */
export function answered(item: AnswerItem | undefined): boolean {
  if (!item) return false;
  return (item.choices?.length ?? 0) > 0 || item.scale != null || (item.text != null && item.text.trim() !== '');
}

export interface AgendaItem {
  id: string;
  surveyId: string;
  questionId: string;
  prompt: string;
  optionValue: string;
  label: string;
  rank: number;
  points: number;
  occurrenceId: string;
  occurrenceTitle: string | null;
  startsAt: string | null;
}

export const parseAgendaItems = (value: unknown): AgendaItem[] =>
  asArray(value, 'agenda', (v, what) => {
    const o = asObject(v, what);
    return {
      id: str(o, 'id', what),
      surveyId: str(o, 'surveyId', what),
      questionId: str(o, 'questionId', what),
      prompt: str(o, 'prompt', what),
      optionValue: str(o, 'optionValue', what),
      label: str(o, 'label', what),
      rank: num(o, 'rank'),
      points: num(o, 'points'),
      occurrenceId: str(o, 'occurrenceId', what),
      occurrenceTitle: optStr(o, 'occurrenceTitle', what),
      startsAt: optStr(o, 'startsAt', what),
    };
  });

/** The upcoming sessions a priority can be scheduled into (from `GET /api/peer-sessions?when=upcoming`). */
export function parseUpcomingSessions(value: unknown): { id: string; title: string; startsAt: string }[] {
  const o = asObject(value, 'agenda');
  return list(o, 'occurrences', 'agenda', (v, what) => {
    const x = asObject(v, what);
    return { id: str(x, 'id', what), title: str(x, 'title', what), startsAt: str(x, 'startsAt', what) };
  });
}
