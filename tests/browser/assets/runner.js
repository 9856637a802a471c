// Runs the scenarios of one group in the browser and reports every outcome to the page
// server. Loaded by the top page (`/`), by cross-origin frames (`/frame`) and by sandboxed
// `srcdoc` frames (opaque origin `null`).
'use strict';

// One fetch. Resolves to a plain object and never rejects: a CORS refusal is a TypeError
// whose reason only the console shows.
async function runStep(step) {
  if (step.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
  const init = { method: step.method, headers: step.headers, credentials: step.credentials, mode: step.mode };
  if (step.body !== null) init.body = step.body;
  if (step.noStore) init.cache = 'no-store';
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), step.timeoutMs);
  init.signal = ctrl.signal;
  try {
    const r = await fetch(step.url, init);
    const body = await r.text();
    const headers = {};
    for (const h of step.read) headers[h] = r.headers.get(h);
    return { outcome: r.type === 'opaque' ? 'opaque' : 'readable', status: r.status, body, headers, redirected: r.redirected, url: r.url };
  } catch (e) {
    return { outcome: ctrl.signal.aborted ? 'timeout' : 'blocked', error: String(e) };
  } finally {
    clearTimeout(timer);
  }
}

async function runSteps(steps) {
  const results = [];
  for (const step of steps) results.push(await runStep(step));
  return results;
}

// Inside a frame: announce readiness, run what the parent sends, answer with the results.
function serveFrame() {
  window.addEventListener('message', async (ev) => {
    if (ev.source !== parent || !ev.data || !ev.data.steps) return;
    parent.postMessage({ name: ev.data.name, results: await runSteps(ev.data.steps) }, '*');
  });
  parent.postMessage({ ready: true }, '*');
}

// Top page: run a scenario inside a frame of another origin (or a sandboxed one).
function runInFrame(scenario, timeoutMs) {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    let timer;
    const finish = (results) => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      frame.remove();
      resolve(results);
    };
    const onMessage = (ev) => {
      if (ev.source !== frame.contentWindow) return;
      if (ev.data && ev.data.ready) {
        frame.contentWindow.postMessage({ name: scenario.name, steps: scenario.steps }, '*');
      } else if (ev.data && ev.data.name === scenario.name) {
        finish(ev.data.results);
      }
    };
    window.addEventListener('message', onMessage);
    timer = setTimeout(() => finish([{ outcome: 'timeout', error: 'frame did not answer' }]), timeoutMs);
    if (scenario.frame.sandboxed) {
      frame.setAttribute('sandbox', 'allow-scripts');
      frame.srcdoc = '<script src="' + location.origin + '/runner.js"></' + 'script><script>serveFrame();</' + 'script>';
    } else {
      frame.src = scenario.frame.origin + '/frame';
    }
    document.body.appendChild(frame);
  });
}

async function post(path, fields) {
  const body = new URLSearchParams();
  for (const [k, v] of fields) body.append(k, v === null || v === undefined ? '' : String(v));
  await fetch(path, { method: 'POST', body });
}

async function report(name, index, r) {
  const fields = [['name', name], ['step', index], ['outcome', r.outcome]];
  for (const k of ['status', 'body', 'redirected', 'url', 'error']) if (k in r) fields.push([k, r[k]]);
  for (const [h, v] of Object.entries(r.headers || {})) if (v !== null) fields.push(['h:' + h, v]);
  await post('/report', fields);
}

async function runAll(scenarios) {
  let note = 'ok';
  try {
    for (const s of scenarios) {
      const budget = s.steps.reduce((t, st) => t + st.delayMs + st.timeoutMs, 2000);
      const results = s.frame ? await runInFrame(s, budget) : await runSteps(s.steps);
      for (let i = 0; i < results.length; i++) await report(s.name, i, results[i]);
    }
  } catch (e) {
    note = 'runner error: ' + e;
  }
  console.log('browser-suite: done (' + note + ')');
  await post('/done', [['note', note]]);
}
