#!/usr/bin/env node
// The container's health check (Dockerfile HEALTHCHECK): GET /readyz on the gateway this container serves,
// exit 0 when it answers 200. It reads the settings the service reads from the environment (PATX_PORT,
// PATX_HOST, PATX_TLS_CERT); over TLS it does not check the certificate: it asks its own process, on loopback.
import http from 'node:http';
import https from 'node:https';

const host = process.env.PATX_HOST === undefined || process.env.PATX_HOST === '0.0.0.0' || process.env.PATX_HOST === '::' ? '127.0.0.1' : process.env.PATX_HOST;
const port = Number(process.env.PATX_PORT ?? 8480);
const tls = (process.env.PATX_TLS_CERT ?? '') !== '';
const request = (tls ? https : http).get({ host, port, path: '/readyz', timeout: 3_000, rejectUnauthorized: false }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
request.on('timeout', () => request.destroy(new Error('timed out')));
request.on('error', () => process.exit(1));
