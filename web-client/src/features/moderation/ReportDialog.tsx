import { useState, type FormEvent } from 'react';
import './moderation.css';
import { Form, Label, Radio, RadioGroup, Text, TextArea, TextField, FieldError } from 'react-aria-components';
import { REPORT_REASONS, REPORT_TEXT_MAX, reportProblem, type ReportItemKind, type ReportReason } from '../../protocol/moderation';
import { api, ApiError } from '../../transport/api';
import { Button, Dialog, toast } from '../../ui/components';
import { problemMessage } from '../../ui/forms';
import { useT } from '../../ui/i18n';

/**
 * "Signaler": a reason (radio group) and a text (required for "other"), sent to POST /api/reports.
 * The dialog says the report was received, or why not, in a sentence.
 */
export function ReportButton({ itemKind, itemId, describedBy }: { itemKind: ReportItemKind; itemId: string; describedBy?: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="secondary" aria-haspopup="dialog" aria-describedby={describedBy} onClick={() => setOpen(true)}>
        {t('report.action')}
      </button>
      {open ? <ReportDialog itemKind={itemKind} itemId={itemId} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ReportDialog({ itemKind, itemId, onClose }: { itemKind: ReportItemKind; itemId: string; onClose: () => void }) {
  const t = useT();
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [shownProblem, setShownProblem] = useState<'reason' | 'textRequired' | 'textTooLong' | null>(null);
  const [sending, setSending] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    const local = reportProblem(reason, text);
    setShownProblem(local);
    if (local) return;
    setSending(true);
    setProblem(null);
    api
      .post('/api/reports', { itemKind, itemId, reason, text: text.trim() || null })
      .then((body) => {
        const again = typeof body === 'object' && body !== null && (body as { alreadyReported?: boolean }).alreadyReported === true;
        toast(again ? t('report.already') : t('report.sent'), 'success');
        onClose();
      })
      .catch((error) => {
        setSending(false);
        if (error instanceof ApiError && error.status === 429) setProblem(t('report.tooMany'));
        else if (error instanceof ApiError && error.status === 404) setProblem(t('report.gone'));
        else setProblem(problemMessage(error, t));
      });
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())} title={t('report.title')}>
      <Form onSubmit={submit} className="report-form" validationBehavior="aria">
        <p className="hint">{t('report.intro')}</p>
        <RadioGroup
          className="ds-radio-group"
          value={reason}
          onChange={(v) => setReason(v as ReportReason)}
          isRequired
          isInvalid={shownProblem === 'reason'}
        >
          <Label className="ds-checkbox-group-label">{t('report.reason')}</Label>
          {REPORT_REASONS.map((r) => (
            <Radio key={r} value={r} className="ds-radio">
              <span className="ds-radio-dot" aria-hidden="true" />
              {t(`report.reason.${r}`)}
            </Radio>
          ))}
          <FieldError className="field-error">{t('report.reasonMissing')}</FieldError>
        </RadioGroup>
        <TextField
          className="ds-textfield"
          value={text}
          onChange={setText}
          isRequired={reason === 'other'}
          isInvalid={shownProblem === 'textRequired' || shownProblem === 'textTooLong'}
        >
          <Label>{reason === 'other' ? t('report.textRequired') : t('report.text')}</Label>
          <TextArea rows={3} maxLength={REPORT_TEXT_MAX} />
          <Text slot="description" className="hint">
            {t('report.textHelp', { max: REPORT_TEXT_MAX })}
          </Text>
          <FieldError className="field-error">
            {shownProblem === 'textTooLong' ? t('report.textTooLong', { max: REPORT_TEXT_MAX }) : t('report.textMissing')}
          </FieldError>
        </TextField>
        {problem ? (
          <p role="alert" className="problem">
            {problem}
          </p>
        ) : null}
        <div className="button-row ds-dialog-actions">
          <Button variant="secondary" onPress={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" isDisabled={sending}>
            {t('report.send')}
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
