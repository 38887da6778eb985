import { useEffect, useState } from 'react';
import type { Language, Territory } from '../protocol/api';
import { loadTerritories } from '../store/reference';
import { SelectField, type FieldErrors } from './forms';
import { useLanguage, useT } from './i18n';
import { ZonePicker, ZoneProposal } from './ZonePicker';

export function useTerritories(): Territory[] {
  const [list, setList] = useState<Territory[]>([]);
  useEffect(() => {
    let live = true;
    loadTerritories()
      .then((t) => live && setList(t))
      .catch(() => undefined); // the select stays optional and empty
    return () => {
      live = false;
    };
  }, []);
  return list;
}

/**
 * Territory, time zone and language: shared by the invitation and the profile forms. A new
 * territory proposes its zone (a button), never changes the zone by itself.
 */
export function PlaceFields({
  territories,
  territoryCode,
  timeZone,
  language,
  errors,
  onTerritory,
  onTimeZone,
  onLanguage,
}: {
  territories: Territory[];
  territoryCode: string;
  timeZone: string;
  language: Language;
  errors: FieldErrors;
  onTerritory: (code: string) => void;
  onTimeZone: (zone: string) => void;
  onLanguage: (language: Language) => void;
}) {
  const t = useT();
  const uiLanguage = useLanguage();
  const [changed, setChanged] = useState(false);
  return (
    <>
      <SelectField
        id="territoryCode"
        label={t('field.territory')}
        optional
        value={territoryCode}
        error={errors.territoryCode}
        onChange={(code) => {
          setChanged(true);
          onTerritory(code);
        }}
      >
        <option value="">{t('field.territoryNone')}</option>
        {territories.map((x) => (
          <option key={x.code} value={x.code}>
            {uiLanguage === 'en' ? x.nameEn || x.name : x.name}
          </option>
        ))}
      </SelectField>
      {changed ? <ZoneProposal territory={territories.find((x) => x.code === territoryCode)} current={timeZone} onAccept={onTimeZone} /> : null}
      <ZonePicker id="timeZone" label={t('field.timeZone')} help={t('field.timeZoneHint')} value={timeZone} error={errors.timeZone} onChange={onTimeZone} />
      <SelectField id="language" label={t('field.language')} value={language} error={errors.language} onChange={(v) => onLanguage(v === 'en' ? 'en' : 'fr')}>
        <option value="fr" lang="fr">
          Français
        </option>
        <option value="en" lang="en">
          English
        </option>
      </SelectField>
    </>
  );
}

export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 200;

/** Client-side checks mirroring docs/api.md limits; the server stays the judge. */
export function checkNewPassword(password: string, confirmation: string, t: (k: string, p?: Record<string, string | number>) => string, fields = { password: 'password', confirmation: 'confirmation' }): FieldErrors {
  const errors: FieldErrors = {};
  if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
    errors[fields.password] = t('validation.passwordLength', { min: MIN_PASSWORD, max: MAX_PASSWORD });
  }
  if (confirmation !== password) errors[fields.confirmation] = t('validation.passwordMismatch');
  return errors;
}
