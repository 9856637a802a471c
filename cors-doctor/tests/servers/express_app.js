// Express 5 with the `cors` middleware 2.8, configured the classic ways, one route each:
// `node express_app.js PORT`. Every request is counted; `GET /__count` answers the count
// (itself excluded). Only 127.0.0.1 is listened on.
const express = require('express');
const cors = require('cors');

const PAGE = 'https://portal.acme.io';
const routes = {
  // An unanchored regular expression.
  '/regex': { origin: /portal\.acme\.io/, credentials: true },
  // A suffix check on the domain.
  '/ends-with': { origin: (o, done) => done(null, !!o && o.endsWith('acme.io')), credentials: true },
  // A prefix check on the origin.
  '/starts-with': { origin: (o, done) => done(null, !!o && o.startsWith(PAGE)), credentials: true },
  // The page listed with its http:// twin.
  '/http-twin': { origin: [PAGE, 'http://portal.acme.io'], credentials: true },
  // Correct: the exact origin.
  '/exact': { origin: [PAGE], credentials: true },
};

let count = 0;
const app = express();
app.get('/__count', (req, res) => res.type('text/plain').send(String(count)));
app.use((req, res, next) => { count += 1; next(); });
for (const [path, options] of Object.entries(routes)) {
  app.options(path, cors(options));
  app.all(path, cors(options), (req, res) => res.json({ secret: 's3cr3t' }));
}
app.listen(Number(process.argv[2]), '127.0.0.1');
