// The Tauri IPC as the view tests see it: a stand-in for window.__TAURI_INTERNALS__ that
// answers Accord's commands from the fixtures the real core generated
// (src-tauri/examples/ui_fixtures.rs), answers the event plugin, records every call for
// assertions, and lets a test replace any command's answer.
//
// `installIpcMock` runs inside the page (through page.addInitScript), so it must not use
// anything from this module's scope.

/** @param {{ fixtures: any, options: { dialogOpen?: string | null, dialogSave?: string | null } }} input */
export function installIpcMock({ fixtures, options }) {
  const calls = [];
  const callbacks = new Map();
  const listeners = new Map();
  let nextId = 1;
  /** Answers the core sent, parsed from its bytes: already the page's own copies. */
  const fresh = new WeakSet();
  const clone = (v) => (v === undefined || (typeof v === 'object' && v !== null && fresh.has(v)) ? v : JSON.parse(JSON.stringify(v)));
  const notFound = (kind, id) => ({ code: 'not_found', message: `there is no ${kind} with id "${id}"`, path: null, fields: [] });

  window.__ipcCalls = calls;
  window.__ipcOverrides = {};
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });

  /** Records an update the way the core would show it (enough for the history to refresh). */
  function recordUpdate(input) {
    const detail = fixtures.milestones[input.milestone_id];
    if (!detail) throw notFound('milestone', input.milestone_id);
    const update = {
      id: `00000000-0000-4000-8000-${String(nextId++).padStart(12, '0')}`,
      milestone_id: input.milestone_id,
      as_of: input.as_of,
      status: input.status,
      note: input.note,
      evidence: input.evidence.filter((e) => e.url).map((e) => ({ url: e.url, title: e.title, publisher: null, published: null, quote: null })),
      due: input.due,
      contested: input.contested,
      author: input.author,
      recorded_at: '2026-11-27T12:00:00Z',
    };
    detail.history.push({ update, previous_status: detail.view.status, moved_from: null });
    detail.view.status = update.status;
    detail.view.last_as_of = update.as_of;
    return update;
  }

  // Views computed as of another date are not in the fixtures; the date at least follows
  // the request, so the as-of line and labels can be checked.
  const asOf = (view, args) => (args.asOfDate ? { ...view, as_of: args.asOfDate } : view);

  function answer(cmd, args) {
    const override = window.__ipcOverrides[cmd];
    if (override) return override(args);
    switch (cmd) {
      case 'today':
        return fixtures.today;
      case 'dashboard':
        return asOf(fixtures.dashboard, args);
      case 'timeline':
      case 'milestone_list':
        // As Tauri's IPC protocol: a POST of the arguments, the answer's bytes parsed once.
        return fetch(`http://ipc.localhost/${cmd}`, { method: 'POST', body: JSON.stringify(args) })
          .then((response) => response.text())
          .then((text) => {
            const a = JSON.parse(text);
            if ('error' in a) throw { code: 'internal', message: a.error, path: null, fields: [] };
            if (typeof a.ok === 'object' && a.ok !== null) fresh.add(a.ok);
            return a.ok;
          });
      case 'instrument_detail':
        if (!fixtures.instruments[args.id]) throw notFound('instrument', args.id);
        return asOf(fixtures.instruments[args.id], args);
      case 'commitment_detail':
        if (!fixtures.commitments[args.id]) throw notFound('commitment', args.id);
        return asOf(fixtures.commitments[args.id], args);
      case 'milestone_detail':
        if (!fixtures.milestones[args.id]) throw notFound('milestone', args.id);
        return asOf(fixtures.milestones[args.id], args);
      case 'search':
        return fixtures.search[args.query] ?? [];
      case 'record_update':
        return recordUpdate(args.input);
      case 'open_link':
      case 'set_archived':
      case 'delete_entity':
      case 'export_file':
        return null;
      case 'report_defaults':
        return { since: null };
      case 'export_report':
        return { path: args.request.path, bytes: 48_213 };
      case 'plugin:dialog|open':
        return options.dialogOpen ?? null;
      case 'plugin:dialog|save':
        return options.dialogSave ?? null;
      case 'plugin:event|listen': {
        const id = nextId++;
        const list = listeners.get(args.event) ?? [];
        list.push({ id, handler: args.handler });
        listeners.set(args.event, list);
        return id;
      }
      case 'plugin:event|unlisten':
        return null;
      default:
        throw { code: 'internal', message: `the view-test mock does not answer ${cmd}`, path: null, fields: [] };
    }
  }

  /** Delivers an event to the page's listeners, as the shell's emit would. */
  window.__emit = (event, payload) => {
    for (const { id, handler } of listeners.get(event) ?? []) callbacks.get(handler)?.({ event, id, payload });
  };

  window.__TAURI_INTERNALS__ = {
    invoke(cmd, args) {
      calls.push({ cmd, args: clone(args ?? {}) });
      try {
        // Answers are copies, as a real IPC round trip would give (the core's already are).
        return Promise.resolve(answer(cmd, args ?? {})).then(clone);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    transformCallback(callback) {
      const id = nextId++;
      callbacks.set(id, callback);
      return id;
    },
    unregisterCallback(id) {
      callbacks.delete(id);
    },
    runCallback(id, data) {
      callbacks.get(id)?.(data);
    },
    callbacks,
    convertFileSrc: (path) => path,
    metadata: { currentWindow: { label: 'main' }, currentWebview: { windowLabel: 'main', label: 'main' } },
  };
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener() {} };
}
