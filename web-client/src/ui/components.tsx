/**
 * The design system's components (tokens in tokens.css). Built on react-aria-components where
 * a widget needs behaviour (dialogs, checkbox groups); plain semantic HTML where it does not.
 * Icons (lucide-react) always come with a visible or visually hidden text label.
 */
import { useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import {
  Button as AriaButton,
  Checkbox,
  CheckboxGroup as AriaCheckboxGroup,
  ComboBox as AriaComboBox,
  Header,
  Input,
  ListBox,
  ListBoxItem,
  ListBoxSection,
  Popover,
  Dialog as AriaDialog,
  Heading,
  Label,
  Modal,
  ModalOverlay,
  Text,
  type ButtonProps as AriaButtonProps,
} from 'react-aria-components';
import { ChevronDown } from 'lucide-react';
import { useT } from './i18n';

export type ButtonVariant = 'primary' | 'secondary' | 'quiet' | 'danger';

export interface ButtonProps extends Omit<AriaButtonProps, 'className' | 'children'> {
  variant?: ButtonVariant;
  children: ReactNode;
  className?: string;
}

/** A button; `onPress` for actions, `type="submit"` inside forms. */
export function Button({ variant = 'primary', className, children, ...rest }: ButtonProps) {
  return (
    <AriaButton {...rest} className={`ds-button ds-button-${variant}${className ? ` ${className}` : ''}`}>
      {children}
    </AriaButton>
  );
}

export function Card({ title, children, headingLevel = 2, className }: { title?: ReactNode; children: ReactNode; headingLevel?: 2 | 3; className?: string }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className={`ds-card${className ? ` ${className}` : ''}`}>
      {title ? <H className="ds-card-title">{title}</H> : null}
      {children}
    </section>
  );
}

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export function Badge({ tone = 'neutral', children, label }: { tone?: BadgeTone; children: ReactNode; label?: string }) {
  return (
    <span className={`ds-badge ds-badge-${tone}`} aria-label={label}>
      {children}
    </span>
  );
}

/** "compte désactivé" beside the name of someone whose account an administrator deactivated. */
export function DeactivatedBadge() {
  const t = useT();
  return (
    <>
      {' '}
      <Badge tone="neutral">{t('person.deactivatedBadge')}</Badge>
    </>
  );
}

/** Two letters from a name: "Awa Diallo" → "AD", "Maëlle" → "MA". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/[\s'-]+/).filter(Boolean);
  if (words.length === 0) return '?';
  if (words.length === 1) return words[0].slice(0, 2).toUpperCase();
  return (words[0][0] + words[words.length - 1][0]).toUpperCase();
}

/** A stable hue per person, so initials read as a face at a glance; all pass AA on white text. */
const AVATAR_COLOURS = ['#16324f', '#5b2a86', '#1f6b37', '#8a3b12', '#0f5f66', '#7a1f4d'];
export function avatarColour(seed: string): string {
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return AVATAR_COLOURS[h % AVATAR_COLOURS.length];
}

/** A person's photo or initials; decorative next to the name it accompanies. */
export function Avatar({ name, id, photoUrl, size = 'md' }: { name: string; id?: string; photoUrl?: string | null; size?: 'sm' | 'md' | 'lg' }) {
  const [failed, setFailed] = useState(false);
  if (photoUrl && !failed) {
    return <img className={`ds-avatar ds-avatar-${size}`} src={photoUrl} alt="" onError={() => setFailed(true)} />;
  }
  return (
    <span className={`ds-avatar ds-avatar-${size}`} aria-hidden="true" style={{ background: avatarColour(id ?? name) }}>
      {initialsOf(name)}
    </span>
  );
}

export function EmptyState({ title, children, action }: { title: ReactNode; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="ds-empty">
      <p className="ds-empty-title">{title}</p>
      {children ? <div className="ds-empty-body">{children}</div> : null}
      {action ? <div className="ds-empty-action">{action}</div> : null}
    </div>
  );
}

/** Label, help and error tied to one control by id. */
export function Field({ id, label, help, error, children }: { id: string; label: ReactNode; help?: ReactNode; error?: string | null; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {help ? (
        <p className="hint" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
}

/** Checkboxes laid out as a grid of columns, the label beside each box. */
export function CheckboxGroup({ label, description, choices, value, onChange }: { label: string; description?: string; choices: Choice[]; value: string[]; onChange: (v: string[]) => void }) {
  return (
    <AriaCheckboxGroup className="ds-checkbox-group" value={value} onChange={onChange}>
      <Label className="ds-checkbox-group-label">{label}</Label>
      {description ? <Text slot="description" className="hint">{description}</Text> : null}
      <div className="ds-checkbox-grid">
        {choices.map((c) => (
          <Checkbox key={c.value} value={c.value} className="ds-checkbox">
            <span className="ds-checkbox-box" aria-hidden="true" />
            {c.label}
          </Checkbox>
        ))}
      </div>
    </AriaCheckboxGroup>
  );
}

/** A modal dialog; focus is trapped and returned, Escape closes it. */
export function Dialog({ open, onOpenChange, title, children }: { open: boolean; onOpenChange: (open: boolean) => void; title: string; children: ReactNode }) {
  return (
    <ModalOverlay className="ds-overlay" isOpen={open} onOpenChange={onOpenChange} isDismissable>
      <Modal className="ds-modal">
        <AriaDialog className="ds-dialog">
          <Heading slot="title" className="ds-dialog-title">
            {title}
          </Heading>
          {children}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}

/**
 * A destructive action behind a confirmation dialog: the danger button opens it, the dialog
 * names the consequence and offers "Annuler" (focused first) and the confirm button.
 */
export function ConfirmButton({ label, title, message, confirmLabel, onConfirm, isDisabled }: { label: ReactNode; title: string; message: ReactNode; confirmLabel: string; onConfirm: () => void; isDisabled?: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="danger" onPress={() => setOpen(true)} isDisabled={isDisabled}>
        {label}
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={title}>
        <div className="ds-dialog-body">{message}</div>
        <div className="button-row ds-dialog-actions">
          <Button variant="secondary" autoFocus onPress={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
          <Button
            variant="danger"
            onPress={() => {
              setOpen(false);
              onConfirm();
            }}
          >
            {confirmLabel}
          </Button>
        </div>
      </Dialog>
    </>
  );
}

/* Toasts: one polite live region present from the start, so additions are announced. */
type ToastItem = { id: number; text: string; tone: 'info' | 'success' | 'danger' };
let toasts: ToastItem[] = [];
let nextToast = 1;
const toastListeners = new Set<() => void>();
const emitToasts = () => toastListeners.forEach((l) => l());

export function toast(text: string, tone: ToastItem['tone'] = 'info'): void {
  const id = nextToast++;
  toasts = [...toasts, { id, text, tone }];
  emitToasts();
  setTimeout(() => dismissToast(id), 6000);
}

export function dismissToast(id: number): void {
  toasts = toasts.filter((x) => x.id !== id);
  emitToasts();
}

export function ToastRegion() {
  const t = useT();
  const items = useSyncExternalStore(
    (l) => {
      toastListeners.add(l);
      return () => toastListeners.delete(l);
    },
    () => toasts,
  );
  return (
    <div className="ds-toasts" role="status" aria-live="polite">
      {items.map((x) => (
        <div key={x.id} className={`ds-toast ds-toast-${x.tone}`}>
          <span>{x.text}</span>
          <button type="button" className="ds-toast-close" onClick={() => dismissToast(x.id)}>
            {t('common.close')}
          </button>
        </div>
      ))}
    </div>
  );
}

/** Calls `handler` when the media query starts or stops matching. */
export function useMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => typeof window !== 'undefined' && window.matchMedia(query).matches);
  useEffect(() => {
    const m = window.matchMedia(query);
    const on = () => setMatches(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, [query]);
  return matches;
}

export interface ComboSection {
  title: string;
  choices: Choice[];
}

/**
 * A combobox (type to filter, arrows to move, Enter to choose) over sections of choices; the
 * value is one choice's `value`, and typing never leaves free text behind.
 */
export function ComboBox({
  id,
  label,
  help,
  error,
  sections,
  value,
  onChange,
  filter,
}: {
  id: string;
  label: string;
  help?: ReactNode;
  error?: string | null;
  sections: ComboSection[];
  value: string;
  onChange: (value: string) => void;
  filter?: (text: string, input: string) => boolean;
}) {
  return (
    <AriaComboBox
      className={`field ds-combobox${error ? ' field-invalid' : ''}`}
      selectedKey={value || null}
      onSelectionChange={(key) => key !== null && onChange(String(key))}
      defaultFilter={filter}
      isInvalid={!!error}
      menuTrigger="focus"
    >
      <Label>{label}</Label>
      {help ? (
        <Text slot="description" className="hint">
          {help}
        </Text>
      ) : null}
      <div className="ds-combobox-control">
        <Input id={id} className="ds-combobox-input" />
        <AriaButton className="ds-combobox-button">
          <ChevronDown aria-hidden="true" size={18} />
        </AriaButton>
      </div>
      {error ? (
        <Text slot="errorMessage" className="field-error">
          {error}
        </Text>
      ) : null}
      <Popover className="ds-combobox-popover" placement="bottom start">
        <ListBox className="ds-combobox-list">
          {sections
            .filter((section) => section.choices.length)
            .map((section) => (
              <ListBoxSection key={section.title} id={section.title} className="ds-combobox-section">
                <Header className="ds-combobox-header">{section.title}</Header>
                {section.choices.map((c) => (
                  <ListBoxItem key={c.value} id={c.value} textValue={c.label} className="ds-combobox-item">
                    {c.label}
                  </ListBoxItem>
                ))}
              </ListBoxSection>
            ))}
        </ListBox>
      </Popover>
    </AriaComboBox>
  );
}
