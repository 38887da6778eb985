import { describe, expect, it } from 'vitest';
import { catalogs } from '../../i18n/catalogs';
import { translate } from '../../i18n/translate';
import { describeChange } from './auditText';
import { AUDIT_ACTIONS } from './AuditPage';

const fr = (key: string, params?: Record<string, string | number>) => translate(catalogs.fr, 'fr', key, params);
const en = (key: string, params?: Record<string, string | number>) => translate(catalogs.en, 'en', key, params);

describe('audit values in words', () => {
  it('says a deactivation and a role change in French', () => {
    expect(describeChange({ before: '{"status":"active"}', after: '{"status":"deactivated"}' }, fr)).toEqual(['Statut : actif → désactivé']);
    expect(describeChange({ before: '{"role":"member"}', after: '{"role":"facilitator"}' }, fr)).toEqual(['Rôle : Membre → Animateur·rice']);
    expect(describeChange({ before: '{"role":"member"}', after: '{"role":"facilitator"}' }, en)).toEqual(['Role: Member → Facilitator']);
  });

  it('leaves out what did not change, quotes text, says yes and no', () => {
    const lines = describeChange(
      { before: '{"pinned":false,"locked":false,"theme":"vie"}', after: '{"pinned":true,"locked":false,"theme":"vie"}' }, fr);
    expect(lines).toEqual(['Épinglé : non → oui']);
    expect(describeChange({ before: '{"body":"Bonjour"}', after: null }, fr)).toEqual(['Texte (avant) : « Bonjour »']);
    expect(describeChange({ before: null, after: '{"reader":"Claire"}' }, fr)).toEqual(['Lecteur·rice : Claire']);
  });

  it('shows unknown fields and values as stored, never fails', () => {
    expect(describeChange({ before: null, after: '{"colour":"bleu"}' }, fr)).toEqual(['colour : bleu']);
    expect(describeChange({ before: 'not json', after: null }, fr)).toEqual(['value (avant) : not json']);
  });

  it('names every action the server records, in both languages', () => {
    for (const action of AUDIT_ACTIONS) {
      expect(fr(`audit.action.${action}`)).not.toBe(`audit.action.${action}`);
      expect(en(`audit.action.${action}`)).not.toBe(`audit.action.${action}`);
    }
    expect(AUDIT_ACTIONS).toContain('identity.invitation_resent');
    expect(AUDIT_ACTIONS).toContain('help.reader_invited');
  });
});
