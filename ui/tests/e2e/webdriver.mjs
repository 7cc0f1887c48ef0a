// A small W3C WebDriver client (just what the end-to-end tests use), speaking to
// tauri-driver over HTTP with Node's fetch. No dependency, nothing downloaded.
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, application, args = []) {
    const body = {
      capabilities: {
        alwaysMatch: { 'tauri:options': { application, args } },
      },
    };
    const res = await request(`${base}/session`, 'POST', body);
    return new Session(base, res.sessionId ?? res.value.sessionId);
  }

  url(path) {
    return `${this.base}/session/${this.id}${path}`;
  }

  async find(css, { timeout = 15000 } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
      try {
        const res = await request(this.url('/element'), 'POST', { using: 'css selector', value: css });
        return new Element(this, res.value[ELEMENT]);
      } catch (e) {
        last = e;
        await sleep(150);
      }
    }
    throw new Error(`no element matches ${css} after ${timeout} ms: ${last?.message}`);
  }

  async findAll(css) {
    const res = await request(this.url('/elements'), 'POST', { using: 'css selector', value: css });
    return res.value.map((v) => new Element(this, v[ELEMENT]));
  }

  async execute(script, args = []) {
    const res = await request(this.url('/execute/sync'), 'POST', { script, args });
    return res.value;
  }

  /** Waits until `script` (a function body returning a value) returns something truthy. */
  async waitFor(script, args = [], { timeout = 15000, what = script } = {}) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const value = await this.execute(script, args);
      if (value) return value;
      await sleep(150);
    }
    throw new Error(`timed out waiting for: ${what}`);
  }

  async screenshot() {
    const res = await request(this.url('/screenshot'), 'GET');
    return Buffer.from(res.value, 'base64');
  }

  async close() {
    await request(this.url(''), 'DELETE').catch(() => {});
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  async click() {
    await request(this.session.url(`/element/${this.id}/click`), 'POST', {});
  }

  async type(text) {
    await request(this.session.url(`/element/${this.id}/value`), 'POST', { text });
  }

  async text() {
    return (await request(this.session.url(`/element/${this.id}/text`), 'GET')).value;
  }
}

async function request(url, method, body) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || (json.value && json.value.error)) {
    const v = json.value ?? {};
    throw new Error(`${method} ${url}: ${v.error ?? res.status} ${v.message ?? ''}`);
  }
  return json;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
