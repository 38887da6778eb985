import { useEffect, useState, type FormEvent } from 'react';
import { Page } from '../../ui/Page';
import { useT, useLanguage } from '../../ui/i18n';
import { navigate } from '../../ui/router';
import { apiFieldErrors, ErrorSummary, TextField, type FieldErrors } from '../../ui/forms';
import { api } from '../../transport/api';
import { parseHelpRequest } from '../../protocol/help';
import { competenceName, useReference } from '../directory/common';

interface Theme {
  slug: string;
  labelFr: string;
  labelEn: string;
}

export default function AskHelpPage() {
  const t = useT();
  const language = useLanguage();
  const { competences } = useReference();
  const [themes, setThemes] = useState<Theme[]>([]);
  const [title, setTitle] = useState('');
  const [need, setNeed] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [theme, setTheme] = useState('entraide-et-accueil');
  const [urgency, setUrgency] = useState('normal');
  const [form, setForm] = useState('written');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(() => crypto.randomUUID());

  useEffect(() => {
    api.get('/api/reference/themes').then((v) => setThemes(Array.isArray(v) ? (v as Theme[]) : []), () => undefined);
  }, []);

  const labels = {
    title: t('help.field.title'),
    need: t('help.field.need'),
    competences: t('help.field.competences'),
    theme: t('help.field.theme'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local: FieldErrors = {};
    if (title.trim().length < 3) local.title = t('validation.required');
    if (!need.trim()) local.need = t('validation.required');
    if (!chosen.length) local.competences = t('validation.required');
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const created = parseHelpRequest(
        await api.post('/api/help', { idempotencyKey: key, title, need, competences: chosen, theme, urgency, preferredForm: form }),
      );
      navigate(`/help/${created.id}`);
    } catch (e) {
      const { fields, general: rest } = apiFieldErrors(e, Object.keys(labels));
      setErrors(fields);
      setGeneral(rest);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('help.new.title')}>
      <ErrorSummary fields={errors} labels={labels} general={general} />
      <form onSubmit={submit} noValidate>
        <TextField id="title" label={labels.title} value={title} onChange={setTitle} error={errors.title} />
        <TextField id="need" label={labels.need} multiline value={need} onChange={setNeed} error={errors.need} />
        <fieldset id="competences" tabIndex={-1} aria-describedby={errors.competences ? 'competences-error' : undefined}>
          <legend>{labels.competences}</legend>
          {errors.competences ? (
            <p id="competences-error" className="field-error">
              {errors.competences}
            </p>
          ) : null}
          {competences.map((c) => (
            <div key={c.slug} className="field field-checkbox">
              <input
                id={`need-${c.slug}`}
                type="checkbox"
                checked={chosen.includes(c.slug)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, c.slug] : chosen.filter((x) => x !== c.slug))}
              />
              <label htmlFor={`need-${c.slug}`}>{competenceName(c, language)}</label>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="theme">{labels.theme}</label>
          <select id="theme" value={theme} onChange={(e) => setTheme(e.target.value)}>
            {themes.map((th) => (
              <option key={th.slug} value={th.slug}>
                {language === 'en' ? th.labelEn : th.labelFr}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="urgency">{t('help.field.urgency')}</label>
          <select id="urgency" value={urgency} onChange={(e) => setUrgency(e.target.value)}>
            {['low', 'normal', 'high'].map((u) => (
              <option key={u} value={u}>
                {t(`help.urgency.${u}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="preferredForm">{t('help.field.preferredForm')}</label>
          <select id="preferredForm" value={form} onChange={(e) => setForm(e.target.value)}>
            {['written', 'call', 'visit'].map((f) => (
              <option key={f} value={f}>
                {t(`help.form.${f}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={busy}>
          {t('help.send')}
        </button>
      </form>
    </Page>
  );
}
