/**
 * A standby's /healthz on its gateway's port, on a connection of its own (closed after): the standby's server lets go
 * of the port at takeover, and a kept-alive connection to it would be the one the next request to that port took.
 * `{}` while nothing answers 200 there.
 */
import http from 'node:http';

export function standbyHealth(port: number): Promise<{ role?: string; seq?: number }> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(res.statusCode === 200 ? (JSON.parse(text) as { role?: string; seq?: number }) : {}));
      res.on('error', () => resolve({}));
    });
    req.on('error', () => resolve({}));
  });
}
