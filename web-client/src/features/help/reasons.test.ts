import { describe, expect, it } from 'vitest';
import { reasonSentence } from './reasons';
import { catalogs } from '../../i18n/catalogs';
import { translate } from '../../i18n/translate';
import type { MatchReason } from '../../protocol/help';

const fr = (key: string, params?: Record<string, string | number>) => translate(catalogs.fr, 'fr', key, params);
const en = (key: string, params?: Record<string, string | number>) => translate(catalogs.en, 'en', key, params);
const labels: Record<string, string> = { 'fonds-europeens': 'Fonds européens', 'modeles-economiques': 'Modèles économiques' };
const label = (slug: string) => labels[slug] ?? slug;
const reason = (factor: MatchReason['factor'], points: number, detail: string): MatchReason => ({ factor, points, detail });

describe('help ranking reasons', () => {
  it('names the shared competences, counted, for the person who asked', () => {
    expect(reasonSentence(reason('competence', 20, 'fonds-europeens,modeles-economiques'), fr, label, true)).toBe(
      'Vous partagez 2 compétences : Fonds européens, Modèles économiques (+20 points)',
    );
    expect(reasonSentence(reason('competence', 10, 'fonds-europeens'), en, label, false)).toBe(
      'Can help with 1 requested competence: Fonds européens (+10 points)',
    );
  });

  it('says a pioneer with no recent offer in a sentence, never the code', () => {
    const french = reasonSentence(reason('responsiveness', 2, 'no_recent_offer'), fr, label, true);
    expect(french).toBe('N’a pas encore été sollicité récemment (+2 points)');
    expect(reasonSentence(reason('responsiveness', 2, '2/3'), en, label, true)).toBe('Answered 2 of their last 3 requests (+2 points)');
  });

  it('says the load and the territory', () => {
    expect(reasonSentence(reason('load', 4, '0/3'), fr, label, true)).toBe('N’a aucune demande en cours (jusqu’à 3 à la fois) (+4 points)');
    expect(reasonSentence(reason('load', 1, '2/3'), fr, label, true)).toBe('A déjà 2 demandes en cours sur 3 possibles (+1 point)');
    expect(reasonSentence(reason('territory', 6, 'same_territory'), fr, label, true)).toBe('Vit dans le même territoire que vous (+6 points)');
    expect(reasonSentence(reason('territory', 0, 'far'), en, label, false)).toBe('Lives far from the territory of the person asking (+0 points)');
  });

  it.each([
    ['competence', 'a,b'], ['territory', 'same_territory'], ['territory', 'both_overseas'], ['territory', 'both_metropolitan'],
    ['territory', 'far'], ['territory', 'unknown'], ['territory', 'something_new'], ['load', '1/3'], ['load', 'odd'],
    ['responsiveness', 'no_recent_offer'], ['responsiveness', '1/1'],
  ] as [MatchReason['factor'], string][])('never shows a code or a key for %s %s', (factor, detail) => {
    for (const [t, you] of [[fr, true], [fr, false], [en, true], [en, false]] as const) {
      const sentence = reasonSentence(reason(factor, 3, detail), t, label, you);
      expect(sentence).not.toMatch(/help\.reason|no_recent|_territory|both_|\(\w+,\w+\)|\d+\/\d+/);
    }
  });
});
