import { useEffect, useState } from 'react';
import { useT } from '../../ui/i18n';
import { Button, toast } from '../../ui/components';
import { problemMessage } from '../../ui/forms';
import { navigate } from '../../ui/router';
import { api } from '../../transport/api';
import { toBase64 } from '../../protocol/workspace';
import { parseWorkspaces, type Workspace } from '../workspace/model';
import type { Resource } from './model';
import { seedUpdate } from './seed';

/** Bytes per HTTP part, as the document sync sends large updates (under the 64 KiB body limit). */
const PART_BYTES = 40_000;

/**
 * "Make it mine": creates a document in one of the member's workspaces through the workspace
 * API, seeds it with the resource's text, the link back and the licence, then records the
 * adaptation so the resource counts the territories that adapted it.
 */
export function MakeItMine({ resource, onDone }: { resource: Resource; onDone: () => void }) {
  const t = useT();
  const [workspaces, setWorkspaces] = useState<Workspace[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.get('/api/workspaces').then(
      (v) => {
        const list = parseWorkspaces(v);
        setWorkspaces(list);
        setChosen(list[0]?.id ?? '');
      },
      () => setWorkspaces([]),
    );
  }, []);

  async function create() {
    if (!chosen) return;
    setBusy(true);
    try {
      const document = (await api.post(`/api/workspaces/${chosen}/documents`, { title: resource.title.slice(0, 200) })) as { id: string };
      const link = `${location.origin}/resources/${resource.id}`;
      const source = t('resources.mine.source', { title: resource.title, link, licence: resource.licence });
      const bytes = seedUpdate(resource.title, resource.body ?? '', source);
      const key = crypto.randomUUID();
      const parts = Math.max(1, Math.ceil(bytes.length / PART_BYTES));
      for (let part = 1; part <= parts; part++) {
        const slice = bytes.subarray((part - 1) * PART_BYTES, part * PART_BYTES);
        await api.post(
          `/api/documents/${document.id}/updates`,
          parts === 1 ? { idempotencyKey: key, update: toBase64(slice) } : { idempotencyKey: key, update: toBase64(slice), uploadId: `u-${key}`, part, parts },
        );
      }
      await api.post(`/api/resources/${resource.id}/adaptations`, { idempotencyKey: crypto.randomUUID(), documentId: document.id });
      toast(t('resources.mine.done'), 'success');
      onDone();
      navigate(`/documents/${document.id}`);
    } catch (e) {
      toast(problemMessage(e, t), 'danger');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="make-it-mine" className="ds-card">
      <h2 id="make-it-mine">{t('resources.mine.title')}</h2>
      <p>{t('resources.mine.intro')}</p>
      {workspaces && workspaces.length === 0 ? <p>{t('resources.mine.noWorkspace')}</p> : null}
      {workspaces && workspaces.length > 0 ? (
        <>
          <div className="field">
            <label htmlFor="mine-workspace">{t('resources.mine.workspace')}</label>
            <select id="mine-workspace" value={chosen} onChange={(e) => setChosen(e.target.value)}>
              {workspaces.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </div>
          <Button isDisabled={busy || !chosen} onPress={create}>
            {t('resources.mine.create')}
          </Button>
        </>
      ) : null}
    </section>
  );
}
