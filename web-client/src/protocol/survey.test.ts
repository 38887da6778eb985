import { describe, expect, it } from 'vitest';
import { labelsOf } from '../features/survey/TagParts';
import { answered, move, parseResults, parseSurvey } from './survey';

describe('survey protocol', () => {
  it('reads a survey whose empty lists the server left out', () => {
    const s = parseSurvey({ id: 's1', title: 'T', audienceKind: 'network', opensAt: 'a', closesAt: 'b', status: 'draft', state: 'draft', canBuild: true });
    expect(s.questions).toEqual([]);
    expect(s.audienceValues).toEqual([]);
    expect(s.canAnswer).toBe(false);
  });

  it('reads results and names their stream', () => {
    const r = parseResults({ surveyId: 's1', answerCount: 2, seq: 4, state: 'open', threshold: 5, questions: [{ questionId: 'q', kind: 'rank', prompt: 'P', answered: 2, ranking: [{ value: 'a', label: 'A', points: 3, rank: 1, firstPlaces: 1 }] }] });
    expect(r.stream).toBe('survey:s1');
    expect(r.questions[0].ranking[0].points).toBe(3);
    expect(r.questions[0].texts).toEqual([]);
    expect(r.breakdowns).toEqual([]);
  });

  it('moves an item up and down, and not past the ends', () => {
    expect(move(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    const items = ['a', 'b'];
    expect(move(items, 0, -1)).toBe(items);
    expect(move(items, 1, 1)).toBe(items);
  });

  it('says whether an answer holds something', () => {
    expect(answered({ questionId: 'q', choices: [] })).toBe(false);
    expect(answered({ questionId: 'q', text: '  ' })).toBe(false);
    expect(answered({ questionId: 'q', scale: 1 })).toBe(true);
  });

  it('reads the tags and the taggable texts, missing lists as empty', () => {
    const bare = parseResults({ surveyId: 's1', answerCount: 0, seq: 0, state: 'open', threshold: 5 });
    expect(bare.tags).toEqual([]);
    expect(bare.entries).toEqual([]);
    const r = parseResults({
      surveyId: 's1', answerCount: 1, seq: 1, state: 'open', threshold: 5,
      tags: [{ questionId: 'q', label: 'Visio', count: 2 }],
      entries: [{ questionId: 'q', answerId: 'a1', text: 'Plus de visio' }],
    });
    expect(r.tags).toEqual([{ questionId: 'q', label: 'Visio', count: 2 }]);
    expect(r.entries).toEqual([{ questionId: 'q', answerId: 'a1', text: 'Plus de visio', tags: [] }]);
  });

  it('splits typed tags on commas, trimmed, without empties or repeats', () => {
    expect(labelsOf(' Visio, Outils ,, Visio ')).toEqual(['Visio', 'Outils']);
    expect(labelsOf('')).toEqual([]);
  });
});
