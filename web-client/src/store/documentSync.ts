/**
 * Keeps one co-edited Y.Doc in step with the server (docs/workspaces.md): loads the state over
 * HTTP, follows `workspace-doc:<id>` through the live client, sends local updates through a
 * DocumentOutbox (one in flight, resent with the same key after a reconnect), and relays
 * awareness (carets, names). Framework-free: the editor screen owns the Y.Doc and the Awareness.
 */
import * as Y from 'yjs';
import { applyAwarenessUpdate, encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import { fromBase64, parseDocumentState, parseWorkspaceEvent, toBase64, type DocumentState } from '../protocol/workspace';
import type { ServerFrame } from '../protocol/frames';
import type { ConnectionState } from '../transport/socket';
import type { StreamWatcher } from '../transport/live';
import { DocumentOutbox } from './documentOutbox';

export const REMOTE = 'remote';
/** The server's maillage.workspace.max-update-bytes: larger updates go over HTTP, in parts. */
const MAX_UPDATE_BYTES = 8192;
/** Bytes per HTTP part: its base64 in JSON stays under maillage.http.max-body-bytes (64 KiB). */
const PART_BYTES = 40_000;
/** Opening a document with at least this many updates after its snapshot sends a new snapshot (compaction). */
export const COMPACT_AFTER = 200;

export interface SyncConnection {
  getState(): ConnectionState;
  subscribe(listener: (state: ConnectionState) => void): () => void;
  onFrame(listener: (frame: ServerFrame) => void): () => void;
  send(frame: object): boolean;
}

export interface SyncDeps {
  connection: SyncConnection;
  watch(stream: string, watcher: StreamWatcher): () => void;
  loadState(documentId: string): Promise<unknown>;
  /** POST /api/documents/{id}/updates: an update too large for one frame (rejects with the problem). */
  postUpdate(documentId: string, body: object): Promise<unknown>;
  /** POST /api/documents/{id}/snapshots: a compacted state (docs/workspaces.md, "Compaction"). */
  postSnapshot(documentId: string, body: object): Promise<unknown>;
}

export type SyncStatus = 'loading' | 'saved' | 'pending' | 'offline';

export class DocumentSync {
  private readonly outbox = new DocumentOutbox(MAX_UPDATE_BYTES);
  private readonly stream: string;
  private lastSeq: number | null = null;
  private ready = false;
  private inFlightRequest: string | null = null;
  /** An update going over HTTP (its parts are sent one after the other). */
  private httpInFlight = false;
  private nextRequest = 1;
  private readonly stops: (() => void)[] = [];
  private readonly listeners = new Set<() => void>();
  private awarenessTimer: ReturnType<typeof setTimeout> | null = null;
  private awarenessChanged = new Set<number>();
  private lastAwarenessSent = 0;
  private closed = false;
  /** The problem type when the server refused an update (said to the writer as a sentence). */
  refused: string | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly awareness: Awareness,
    private readonly documentId: string,
    private readonly deps: SyncDeps,
  ) {
    this.stream = `workspace-doc:${documentId}`;
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      this.outbox.add(update);
      this.flush(false);
      this.emit();
    };
    doc.on('update', onUpdate);
    this.stops.push(() => doc.off('update', onUpdate));
    const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === REMOTE) {
        // A newcomer learns of us without waiting for our next renewal.
        if (added.length) this.queueAwareness([doc.clientID]);
        this.emit();
        return;
      }
      this.queueAwareness([...added, ...updated, ...removed]);
    };
    awareness.on('update', onAwareness);
    this.stops.push(() => awareness.off('update', onAwareness));
  }

  /** Loads the server's state (kept local edits are merged in), then follows the stream. */
  async start(): Promise<void> {
    let state: DocumentState | null = null;
    try {
      state = parseDocumentState(await this.deps.loadState(this.documentId));
    } catch (e) {
      // Offline with a local copy: edit it; the socket's reconnect brings the rest.
      if (this.isEmpty()) throw e;
    }
    if (this.closed) return;
    if (state) {
      const server = new Y.Doc();
      applyState(server, state);
      // What this browser kept (IndexedDB) and the server lacks: send it.
      const missing = Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(server));
      applyState(this.doc, state);
      if (hasContent(missing)) this.outbox.add(missing);
      // Many updates to apply on every opening: this reader compacts them for the next ones.
      if (state.updates.length >= COMPACT_AFTER) void this.sendSnapshot(Y.encodeStateAsUpdate(server), state.seq);
      server.destroy();
      this.lastSeq = state.seq;
    }
    this.stops.push(
      this.deps.watch(this.stream, {
        lastSeq: () => this.lastSeq,
        onEvent: (seq, event) => {
          if (this.lastSeq !== null && seq <= this.lastSeq) return;
          if (event.type !== 'other') return;
          const parsed = parseWorkspaceEvent(event.raw);
          if (parsed?.type === 'workspace.document_updated') Y.applyUpdate(this.doc, fromBase64(parsed.update), REMOTE);
          if (this.lastSeq !== null && seq !== this.lastSeq + 1) void this.reload();
          this.lastSeq = Math.max(this.lastSeq ?? 0, seq);
        },
        onResync: () => void this.reload(),
      }),
    );
    this.stops.push(this.deps.connection.onFrame((frame) => this.frame(frame)));
    this.stops.push(
      this.deps.connection.subscribe((s) => {
        if (s !== 'online') {
          this.ready = false;
          this.inFlightRequest = null;
        }
        this.emit();
      }),
    );
    if (this.deps.connection.getState() === 'online') {
      this.ready = true;
      this.flush(true);
      this.queueAwareness([this.doc.clientID]);
    }
    this.emit();
  }

  private isEmpty(): boolean {
    return Y.encodeStateVector(this.doc).length <= 1;
  }

  private async reload(): Promise<void> {
    try {
      const state = parseDocumentState(await this.deps.loadState(this.documentId));
      applyState(this.doc, state);
      this.lastSeq = Math.max(this.lastSeq ?? 0, state.seq);
    } catch {
      // The next reconnect subscribes again after lastSeq.
    }
  }

  private frame(frame: ServerFrame): void {
    if (frame.type === 'hello') {
      this.ready = true;
      this.flush(true);
      this.queueAwareness([this.doc.clientID]);
      this.emit();
      return;
    }
    if (frame.type !== 'other') return;
    const body = frame.body;
    if (frame.frameType === 'workspace.awareness' && body.documentId === this.documentId && typeof body.state === 'string') {
      try {
        applyAwarenessUpdate(this.awareness, fromBase64(body.state), REMOTE);
      } catch {
        // A malformed state from another client is ignored.
      }
      return;
    }
    if (this.inFlightRequest === null || body.requestId !== this.inFlightRequest) return;
    if (frame.frameType === 'ack') {
      this.inFlightRequest = null;
      this.outbox.settle();
      this.refused = null;
      this.flush(false);
      this.emit();
    } else if (frame.frameType === 'error') {
      this.inFlightRequest = null;
      const problem = body.problem as { type?: string; detail?: string; title?: string } | undefined;
      if (problem?.type?.endsWith('/rate-limited')) {
        setTimeout(() => this.flush(true), 1000);
        return;
      }
      this.outbox.settle();
      this.refused = problem?.type ?? '/problems/internal';
      this.flush(false);
      this.emit();
    }
  }

  private flush(resend: boolean): void {
    if (!this.ready || this.closed || this.inFlightRequest !== null || this.httpInFlight) return;
    const item = (resend ? this.outbox.resend() : null) ?? this.outbox.resend() ?? this.outbox.next();
    if (!item) return;
    if (item.bytes > MAX_UPDATE_BYTES) {
      void this.sendOverHttp(item);
      return;
    }
    const requestId = `w${this.nextRequest++}`;
    const sent = this.deps.connection.send({
      type: 'workspace.update',
      requestId,
      idempotencyKey: item.idempotencyKey,
      documentId: this.documentId,
      update: item.update,
    });
    if (sent) this.inFlightRequest = requestId;
  }

  /**
   * An update larger than a frame (a long paste, what a long offline session left): over HTTP,
   * in parts of PART_BYTES, with the update's idempotency key and an upload id derived from it,
   * so a retry after a failure stores it once. Unreachable server: retried; refused: dropped
   * and shown, like a refused frame.
   */
  private async sendOverHttp(item: { idempotencyKey: string; update: string; bytes: number }): Promise<void> {
    this.httpInFlight = true;
    const bytes = fromBase64(item.update);
    const parts = Math.ceil(bytes.length / PART_BYTES);
    const uploadId = `u-${item.idempotencyKey}`.slice(0, 64);
    try {
      for (let part = 1; part <= parts; part++) {
        const slice = bytes.subarray((part - 1) * PART_BYTES, part * PART_BYTES);
        await this.deps.postUpdate(
          this.documentId,
          parts === 1
            ? { idempotencyKey: item.idempotencyKey, update: item.update }
            : { idempotencyKey: item.idempotencyKey, update: toBase64(slice), uploadId, part, parts },
        );
      }
      this.httpInFlight = false;
      this.outbox.settle();
      this.refused = null;
    } catch (e) {
      this.httpInFlight = false;
      const status = (e as { status?: unknown }).status;
      if (typeof status !== 'number' || status === 0 || status === 429 || status >= 500) {
        setTimeout(() => this.flush(true), 2000);
        this.emit();
        return;
      }
      this.outbox.settle();
      const problem = e as { type?: string };
      this.refused = typeof problem.type === 'string' ? problem.type : '/problems/internal';
    }
    this.flush(false);
    this.emit();
  }

  /**
   * Sends the state the server answered (nothing local in it) as a snapshot up to `seq`, in
   * parts when larger than one body. Best effort: a refusal (another reader compacted first:
   * 409) or a failure changes nothing, the next opening tries again.
   */
  private async sendSnapshot(bytes: Uint8Array, seq: number): Promise<void> {
    const parts = Math.max(1, Math.ceil(bytes.length / PART_BYTES));
    const uploadId = `s-${crypto.randomUUID()}`;
    try {
      for (let part = 1; part <= parts && !this.closed; part++) {
        const slice = bytes.subarray((part - 1) * PART_BYTES, part * PART_BYTES);
        await this.deps.postSnapshot(
          this.documentId,
          parts === 1 ? { uptoSeq: seq, state: toBase64(slice) } : { uptoSeq: seq, state: toBase64(slice), uploadId, part, parts },
        );
      }
    } catch {
      // compaction is an optimisation: opening works without it
    }
  }

  private queueAwareness(clients: number[]): void {
    for (const c of clients) this.awarenessChanged.add(c);
    if (this.awarenessTimer) return;
    const wait = Math.max(0, 300 - (Date.now() - this.lastAwarenessSent));
    this.awarenessTimer = setTimeout(() => {
      this.awarenessTimer = null;
      if (!this.ready || this.closed) return;
      const changed = [...this.awarenessChanged].filter((c) => c === this.doc.clientID);
      this.awarenessChanged.clear();
      if (!changed.length) return;
      this.lastAwarenessSent = Date.now();
      this.deps.connection.send({
        type: 'workspace.awareness',
        requestId: `a${this.nextRequest++}`,
        documentId: this.documentId,
        state: toBase64(encodeAwarenessUpdate(this.awareness, changed)),
      });
    }, wait);
  }

  get status(): SyncStatus {
    if (this.lastSeq === null && !this.ready) return 'loading';
    if (this.deps.connection.getState() !== 'online') return 'offline';
    return this.outbox.pending > 0 ? 'pending' : 'saved';
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  /** Stops following the document; the others see this person leave at once (not after the awareness timeout). */
  close(): void {
    if (this.ready && !this.closed && this.awareness.getLocalState() !== null) {
      this.awareness.setLocalState(null);
      this.deps.connection.send({
        type: 'workspace.awareness',
        requestId: `a${this.nextRequest++}`,
        documentId: this.documentId,
        state: toBase64(encodeAwarenessUpdate(this.awareness, [this.doc.clientID])),
      });
    }
    this.closed = true;
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    for (const stop of this.stops.splice(0)) stop();
    this.listeners.clear();
  }
}

/** Applies an opening state (snapshot, then updates) as remote changes: nothing is sent back. */
export function applyState(doc: Y.Doc, state: DocumentState): void {
  if (state.snapshot) Y.applyUpdate(doc, fromBase64(state.snapshot.state), REMOTE);
  for (const u of state.updates) Y.applyUpdate(doc, fromBase64(u.update), REMOTE);
}

/** An update with no struct and no deletion encodes as [0, 0]. */
function hasContent(update: Uint8Array): boolean {
  return update.length > 2;
}
