import { describe, expect, it } from 'vitest';
import { problemKey, problemSentence, violationSentence } from './problems';
import { catalogs } from '../i18n/catalogs';
import { translate } from '../i18n/translate';

const fr = (key: string, params?: Record<string, string | number>) => translate(catalogs.fr, 'fr', key, params);
const en = (key: string, params?: Record<string, string | number>) => translate(catalogs.en, 'en', key, params);

// Every problem type the server sends (core ProblemType, socket problems, feature types).
const SERVER_TYPES = [
  'validation', 'malformed-request', 'unauthenticated', 'invalid-credentials', 'account-deactivated', 'csrf',
  'forbidden', 'not-found', 'method-not-allowed', 'conflict', 'invitation-unusable', 'reset-unusable',
  'payload-too-large', 'unsupported-media-type', 'too-many-attempts', 'internal', 'unavailable',
  'malformed-frame', 'unknown-frame', 'rate-limited', 'frame-too-large', 'idempotency-key-reused',
];

describe('problem sentences', () => {
  it('reads the type name from its URI', () => {
    expect(problemKey('/problems/not-found')).toBe('problem.not-found');
    expect(problemKey('https://maillage.example/problems/csrf')).toBe('problem.csrf');
    expect(problemKey('about:blank')).toBeNull();
  });

  it.each(SERVER_TYPES)('has a French and an English sentence for %s', (type) => {
    const french = problemSentence(`/problems/${type}`, fr);
    const english = problemSentence(`/problems/${type}`, en);
    expect(french).toBeTruthy();
    expect(english).toBeTruthy();
    expect(french).not.toBe(english);
  });

  it('says "Not found" in French', () => {
    expect(problemSentence('/problems/not-found', fr)).toMatch(/introuvable|n’existe pas/);
  });

  it('turns validation messages into sentences with their numbers', () => {
    expect(violationSentence('must be in the future', fr)).toBe('La date doit être dans le futur.');
    expect(violationSentence('give 1 to 200 characters', fr)).toContain('200');
    expect(violationSentence('give at most 80 characters', en)).toContain('80');
  });

  it('never shows an unknown server message', () => {
    expect(violationSentence('some new english rule', fr)).toBe(fr('violation.invalid'));
    // RFC 5545 refusals name the part of the rule at fault
    expect(violationSentence('INTERVAL must be a whole number of 1 or more (RFC 5545), not "0"', fr)).toContain('INTERVAL');
    expect(violationSentence('COUNT must be a whole number of 1 or more (RFC 5545), not "0"', en)).toContain('COUNT');
    expect(violationSentence('COUNT and UNTIL cannot both end a rule (RFC 5545): keep one of them', fr)).toContain('COUNT et UNTIL');
    expect(violationSentence('password.common: is one of the most common passwords', fr)).toContain('plus courants');
    expect(violationSentence('password.personal: contains your e-mail or your name', en)).toContain('your name');
    expect(violationSentence('text.bidi: contains a bidirectional override', fr)).toContain('contrôle');
    expect(violationSentence('is 20000×20000 pixels; at most 4096×4096', en)).toContain('4,096');
    expect(fr('violation.invalid')).not.toContain('english');
  });
});

describe('a slowed-down sign-in', () => {
  it('says in French how long to wait, in minutes once it is long', async () => {
    const { problemMessage } = await import('./forms');
    const { ApiError } = await import('../transport/api');
    const problem = (seconds: number) => new ApiError({
      type: '/problems/too-many-attempts', title: 'Too many attempts', status: 429, detail: null,
      violations: [], reason: null, retryAfterSeconds: seconds, errorId: null,
    });
    expect(problemMessage(problem(60), fr)).toBe(`${fr('problem.too-many-attempts')} Réessayez dans 60 secondes.`);
    expect(problemMessage(problem(240), fr)).toBe(`${fr('problem.too-many-attempts')} Réessayez dans 4 minutes.`);
    expect(problemMessage(problem(900), en)).toContain('Try again in 15 minutes.');
  });
});
