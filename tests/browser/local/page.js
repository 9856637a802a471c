// The page script of the browser suite's `local_servers` groups (tests/browser/local/): runs
// every case at once, each a fetch or an MCP session (initialize, tools/call, DELETE), in the
// top page or in a frame of another origin, and reports what page script could read to the
// page server (same origin). A fetch still unanswered after `timeoutMs` is aborted and
// reported `pending` (Firefox holds a request that waits for a permission prompt).
'use strict';

async function step(s) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), s.timeoutMs);
  const init = { method: s.method, headers: s.headers || {}, signal: ctl.signal };
  if (s.noStore) init.cache = 'no-store';
  if (s.body != null) init.body = s.body;
  if (s.targetAddressSpace) init.targetAddressSpace = s.targetAddressSpace;
  const out = { label: s.label || s.method };
  try {
    const r = await fetch(s.url, init);
    out.outcome = 'readable';
    out.status = r.status;
    out.body = await r.text();
    out.headers = {};
    for (const h of s.read || []) out.headers[h] = r.headers.get(h);
  } catch (e) {
    out.outcome = ctl.signal.aborted ? 'pending' : 'rejected';
    out.error = String(e);
  } finally {
    clearTimeout(timer);
  }
  return out;
}

// MCP's Streamable HTTP, as a browser client sends it (protocol revision 2025-06-18).
async function mcpSession(c) {
  const rpc = (id, method, params) => JSON.stringify({ jsonrpc: '2.0', id, method, params });
  const post = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const base = { url: c.url, timeoutMs: c.timeoutMs };
  const steps = [];
  const init = await step({
    ...base, label: 'initialize', method: 'POST', headers: post, read: ['mcp-session-id'],
    body: rpc(1, 'initialize', {
      protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'page', version: '1' },
    }),
  });
  steps.push(init);
  // A refused page never learns a session: it sends one it made up.
  const session = (init.headers && init.headers['mcp-session-id']) || 'session-made-up';
  const inSession = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' };
  const call = (label) => step({
    ...base, label, method: 'POST', headers: { ...post, ...inSession },
    body: rpc(2, 'tools/call', { name: 'echo', arguments: { text: c.text } }),
  });
  steps.push(await call('tools/call'));
  steps.push(await step({ ...base, label: 'DELETE', method: 'DELETE', headers: inSession }));
  if (c.again) steps.push(await call('tools/call after DELETE'));
  return steps;
}

function runCase(c) {
  return c.kind === 'mcp' ? mcpSession(c) : step(c).then((s) => [s]);
}

function inFrame(c) {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    const onMessage = (e) => {
      if (e.data && e.data.name === c.name) {
        removeEventListener('message', onMessage);
        resolve(e.data.steps);
      }
    };
    addEventListener('message', onMessage);
    frame.onload = () => frame.contentWindow.postMessage(c, '*');
    frame.src = c.frame + '/frame';
    document.body.appendChild(frame);
  });
}

async function runAll(cases) {
  const post = (path, value) => fetch(path, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value),
  });
  let note = 'ok';
  try {
    await Promise.all(cases.map(async (c) => {
      const steps = c.frame ? await inFrame(c) : await runCase(c);
      await post('/report', { name: c.name, steps });
    }));
  } catch (e) {
    note = String(e);
  }
  await post('/done', { note });
}

function serveFrame() {
  addEventListener('message', async (e) => {
    const steps = await runCase(e.data);
    parent.postMessage({ name: e.data.name, steps }, '*');
  });
}
