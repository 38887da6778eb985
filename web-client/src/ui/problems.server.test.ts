/**
 * Reads the server's Java sources and checks that every problem type and every validation
 * message it can send has its own sentence in French and English: a new server message
 * without a client sentence fails here, not on a screen.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { problemSentence, violationSentence } from './problems';
import { catalogs } from '../i18n/catalogs';
import { translate } from '../i18n/translate';

const fr = (key: string, params?: Record<string, string | number>) => translate(catalogs.fr, 'fr', key, params);
const en = (key: string, params?: Record<string, string | number>) => translate(catalogs.en, 'en', key, params);
const JAVA = join(__dirname, '../../../app/src/main/java');

function javaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return javaFiles(path);
    return name.endsWith('.java') ? [path] : [];
  });
}

const sources = javaFiles(JAVA).map((path) => ({ path: path.slice(JAVA.length + 1), text: readFileSync(path, 'utf8') }));

/** The message argument of a call at `from`: literals kept, any other operand read as 10. */
function messageAt(text: string, from: number): string | null {
  let i = from;
  let out = '';
  let sawLiteral = false;
  for (;;) {
    while (/\s/.test(text[i])) i++;
    if (text[i] === '"') {
      let j = i + 1;
      let literal = '';
      while (text[j] !== '"') {
        if (text[j] === '\\') {
          literal += text[j + 1];
          j += 2;
        } else literal += text[j++];
      }
      out += literal;
      sawLiteral = true;
      i = j + 1;
    } else {
      let depth = 0;
      while (i < text.length && !(depth === 0 && (text[i] === '+' || text[i] === ')' || text[i] === ','))) {
        if (text[i] === '(') depth++;
        if (text[i] === ')') depth--;
        i++;
      }
      out += '10';
    }
    while (/\s/.test(text[i])) i++;
    if (text[i] !== '+') break;
    i++;
  }
  return sawLiteral ? out : null;
}

function serverMessages(): Map<string, string> {
  const found = new Map<string, string>();
  for (const { path, text } of sources) {
    for (const m of text.matchAll(/\b(?:invalid|Violation)\(\s*(?:"[^"]*"|[\w.()]+)\s*,/g)) {
      const message = messageAt(text, m.index + m[0].length);
      if (message) found.set(message, path);
    }
    for (const m of text.matchAll(/message = "([^"]*)"/g)) found.set(m[1], path);
  }
  // Jakarta Bean Validation's own messages for the constraints the commands use.
  const defaults: Record<string, string> = {
    '@NotBlank': 'must not be blank',
    '@NotNull': 'must not be null',
    '@NotEmpty': 'must not be empty',
    '@Size': 'size must be between 0 and 200',
    '@Max': 'must be less than or equal to 10',
    '@Min': 'must be greater than or equal to 1',
    '@Email': 'must be a well-formed email address',
  };
  for (const [annotation, message] of Object.entries(defaults)) {
    const user = sources.find((s) => new RegExp(`${annotation}\\b(?!\\([^)]*message)`).test(s.text));
    if (user) found.set(message, user.path);
  }
  return found;
}

/** Messages a person cannot cause from the web client (its own protocol mistakes): the generic sentence is right. */
const CLIENT_BUGS = [
  /^must be base64$/, /^is not a Yjs/, /^is beyond the document/, /^does not hold every update/, /^a 10 in parts needs/,
  /^each entry needs a stream name$/, /^must be a sequence number/, /^commands need a requestId/, /^changes nothing$/,
  /^a reply has no passage/, /^a comment on a passage needs/, /^replies are to a thread's first comment$/,
  /^must be a post of (this|the same) thread$/, /^no such comment on this document$/, /^give pinned, locked or another theme$/,
  /^must be between 1 and 10000$/, /^give 1 to 10( streams)?$/, /^must be a two-letter language code$/,
  /^lowercase letters, digits and dashes$/, /^is limited to 10 bytes$/, /^8 to 10 characters$/,
];

describe('every problem the server sends has a sentence', () => {
  const types = new Set<string>();
  for (const { text } of sources) {
    for (const m of text.matchAll(/"\/problems\/([a-z0-9-]+)"/g)) types.add(m[1]);
  }
  const enumSource = sources.find((s) => s.path.endsWith('core/error/ProblemType.java'))!.text;
  for (const m of enumSource.matchAll(/^\s+[A-Z_]+\("([a-z0-9-]+)"/gm)) types.add(m[1]);

  it('finds the server problem types', () => {
    expect(types.size).toBeGreaterThan(20);
    expect(types).toContain('not-found');
  });

  it.each([...types].sort())('problem type %s', (type) => {
    const french = problemSentence(`/problems/${type}`, fr);
    const english = problemSentence(`/problems/${type}`, en);
    expect(french, `no French sentence for ${type}`).toBeTruthy();
    expect(english, `no English sentence for ${type}`).toBeTruthy();
    expect(french).not.toBe(english);
  });

  const messages = serverMessages();
  it('finds the server validation messages', () => {
    expect(messages.size).toBeGreaterThan(60);
    expect([...messages.keys()]).toContain('must be in the future');
  });

  it.each([...messages.entries()].filter(([m]) => !CLIENT_BUGS.some((p) => p.test(m))).sort())(
    'validation message "%s" (%s)',
    (message) => {
      const french = violationSentence(message, fr);
      const english = violationSentence(message, en);
      expect(french, `"${message}" has only the generic sentence`).not.toBe(fr('violation.invalid'));
      expect(english).not.toBe(en('violation.invalid'));
      expect(french).not.toContain(message);
      expect(french).not.toMatch(/\{\w+\}/);
      expect(english).not.toMatch(/\{\w+\}/);
    },
  );
});
