/**
 * The ranking reasons of a help match (help/HelpMatching.java) as sentences. The server sends
 * stable codes: `competence` lists the shared slugs, `territory` a situation code, `load`
 * "open/max", `responsiveness` "answered/offers" or `no_recent_offer`. Pure: tested in Vitest.
 */
import type { MatchReason } from '../../protocol/help';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

const TERRITORY_CODES = ['same_territory', 'both_overseas', 'both_metropolitan', 'far', 'unknown'];

function ratio(detail: string): [number, number] | null {
  const m = /^(\d+)\/(\d+)$/.exec(detail);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** What the reason says, without its points; `you` when the reader is the person who asked. */
export function reasonText(reason: MatchReason, t: Translate, competenceLabel: (slug: string) => string, you: boolean): string {
  const who = you ? 'you' : 'them';
  switch (reason.factor) {
    case 'competence': {
      const slugs = reason.detail.split(',').filter(Boolean);
      return t(`help.reason.competence.${who}`, { count: slugs.length, list: slugs.map(competenceLabel).join(', ') });
    }
    case 'territory':
      return t(`help.reason.territory.${TERRITORY_CODES.includes(reason.detail) ? reason.detail : 'unknown'}.${who}`);
    case 'load': {
      const r = ratio(reason.detail);
      if (!r) return t('help.reason.load.unknown');
      return r[0] === 0 ? t('help.reason.load.free', { max: r[1] }) : t('help.reason.load.busy', { count: r[0], max: r[1] });
    }
    case 'responsiveness': {
      const r = ratio(reason.detail);
      if (!r) return t('help.reason.responsiveness.none');
      return t('help.reason.responsiveness.answered', { answered: r[0], count: r[1] });
    }
    default:
      return t('help.reason.other');
  }
}

/** The sentence and its points: "Vous partagez 2 compétences : A, B (+20 points)". */
export function reasonSentence(reason: MatchReason, t: Translate, competenceLabel: (slug: string) => string, you: boolean): string {
  return `${reasonText(reason, t, competenceLabel, you)} (${t('help.reason.points', { count: reason.points })})`;
}
