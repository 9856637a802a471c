// The page script of the browser suite's `rpc_clients` group, bundled by esbuild with the npm
// clients (tests/browser/rpc/clients.rs): each case calls `demo.v1.Greeter/Greet` with one
// client and reports what page script could read (message, the exposed `x-request-id`, or the
// error's code, message and details) to the page server.
import { create, createFileRegistry, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FileDescriptorProtoSchema,
} from '@bufbuild/protobuf/wkt';
import { ConnectError, createClient } from '@connectrpc/connect';
import { createConnectTransport, createGrpcWebTransport } from '@connectrpc/connect-web';
import { GrpcWebClientBase, MethodDescriptor, MethodType } from 'grpc-web';

// demo/v1/greeter.proto, built at run time instead of by protoc:
//   message GreetRequest { string name = 1; }
//   message GreetResponse { string message = 1; }
//   message ErrorDetail { string reason = 1; }
//   service Greeter { rpc Greet(GreetRequest) returns (GreetResponse); }
const stringMessage = (name, field) => ({
  name,
  field: [{
    name: field,
    jsonName: field,
    number: 1,
    type: FieldDescriptorProto_Type.STRING,
    label: FieldDescriptorProto_Label.OPTIONAL,
  }],
});
const registry = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: 'demo/v1/greeter.proto',
    package: 'demo.v1',
    syntax: 'proto3',
    messageType: [
      stringMessage('GreetRequest', 'name'),
      stringMessage('GreetResponse', 'message'),
      stringMessage('ErrorDetail', 'reason'),
    ],
    service: [{
      name: 'Greeter',
      method: [{ name: 'Greet', inputType: '.demo.v1.GreetRequest', outputType: '.demo.v1.GreetResponse' }],
    }],
  }),
  () => undefined,
);
const Greeter = registry.getService('demo.v1.Greeter');
const GreetRequest = registry.getMessage('demo.v1.GreetRequest');
const GreetResponse = registry.getMessage('demo.v1.GreetResponse');
const ErrorDetail = registry.getMessage('demo.v1.ErrorDetail');

const HEADER = 'x-request-id';

// connect-web with one of its transports (`connect`, `connect-proto`, `grpc-web`).
async function callConnectWeb(c) {
  const options = { baseUrl: c.baseUrl, useBinaryFormat: c.client !== 'connect' };
  const transport = c.client === 'grpc-web' ? createGrpcWebTransport(options) : createConnectTransport(options);
  const client = createClient(Greeter, transport);
  let header = null;
  try {
    const res = await client.greet({ name: c.who }, {
      timeoutMs: c.timeoutMs,
      onHeader: (h) => { header = h.get(HEADER); },
    });
    return { outcome: 'ok', message: res.message, header };
  } catch (e) {
    const err = ConnectError.from(e);
    return {
      outcome: 'error',
      code: err.code,
      error: err.rawMessage,
      details: err.findDetails(ErrorDetail).map((d) => d.reason),
      header: err.metadata.get(HEADER),
    };
  }
}

// Google's grpc-web (XMLHttpRequest, `application/grpc-web-text`), messages serialized with
// the same run-time schemas.
function callGoogleGrpcWeb(c) {
  const method = new MethodDescriptor(
    '/demo.v1.Greeter/Greet',
    MethodType.UNARY,
    Object,
    Object,
    (req) => toBinary(GreetRequest, create(GreetRequest, req)),
    (bytes) => fromBinary(GreetResponse, bytes),
  );
  const client = new GrpcWebClientBase({ format: 'text' });
  return new Promise((resolve) => {
    let header = null;
    const deadline = String(Date.now() + c.timeoutMs);
    const call = client.rpcCall(c.baseUrl + '/demo.v1.Greeter/Greet', { name: c.who }, { deadline }, method, (err, res) => {
      if (err) {
        // grpc-web has no API for a status's details: the page reads the raw metadata.
        const metadata = err.metadata || {};
        resolve({
          outcome: 'error',
          code: err.code,
          error: err.message,
          detailsBin: metadata['grpc-status-details-bin'] ?? null,
          header: metadata[HEADER] ?? header,
        });
      } else {
        resolve({ outcome: 'ok', message: res.message, header });
      }
    });
    call.on('metadata', (md) => { header = md[HEADER] ?? null; });
  });
}

async function runCase(c) {
  const call = c.client === 'google-grpc-web' ? callGoogleGrpcWeb(c) : callConnectWeb(c);
  const late = new Promise((resolve) => setTimeout(() => resolve({ outcome: 'timeout' }), c.timeoutMs + 1000));
  try {
    return await Promise.race([call, late]);
  } catch (e) {
    return { outcome: 'page-error', error: String(e) };
  }
}

// Inside a frame of another origin: run what the parent sends, answer with the result.
function serveFrame() {
  window.addEventListener('message', async (ev) => {
    if (ev.source !== parent || !ev.data || !ev.data.case) return;
    parent.postMessage({ name: ev.data.case.name, result: await runCase(ev.data.case) }, '*');
  });
  parent.postMessage({ ready: true }, '*');
}

function runInFrame(c) {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    let timer;
    const finish = (result) => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      frame.remove();
      resolve(result);
    };
    const onMessage = (ev) => {
      if (ev.source !== frame.contentWindow || !ev.data) return;
      if (ev.data.ready) frame.contentWindow.postMessage({ case: c }, '*');
      else if (ev.data.name === c.name) finish(ev.data.result);
    };
    window.addEventListener('message', onMessage);
    timer = setTimeout(() => finish({ outcome: 'timeout', error: 'frame did not answer' }), c.timeoutMs + 5000);
    frame.src = c.frame + '/frame';
    document.body.appendChild(frame);
  });
}

async function post(path, value) {
  await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
}

async function runAll(cases) {
  let note = 'ok';
  try {
    for (const c of cases) {
      const result = c.frame ? await runInFrame(c) : await runCase(c);
      await post('/report', { name: c.name, ...result });
    }
  } catch (e) {
    note = 'page error: ' + e;
  }
  console.log('browser-suite: done (' + note + ')');
  await post('/done', { note });
}

globalThis.runAll = runAll;
globalThis.serveFrame = serveFrame;
