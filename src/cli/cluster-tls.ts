/**
 * The local CA of `patx cluster up` (docs/replication.md): a CA made on this machine and one
 * certificate per process it starts (each nats-server, node and edge), all for 127.0.0.1 and
 * localhost, made by openssl (as test/gateway/tls.test.ts makes its own). Nothing here is
 * trusted by anyone until told: a client trusts `ca.pem` (curl --cacert, NODE_EXTRA_CA_CERTS).
 * Made once; a second `up` keeps what is there, so a client that trusts the CA goes on trusting it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class ClusterTlsError extends Error {
  override readonly name = 'ClusterTlsError';
}

/** Where one process's certificate and key are. */
export interface CertificateFiles {
  cert: string;
  key: string;
}

export interface ClusterTls {
  /** The CA's certificate: what a client trusts. */
  ca: string;
  /** One certificate per name given. */
  certificates: Record<string, CertificateFiles>;
}

function openssl(args: readonly string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.error !== undefined) throw new ClusterTlsError(`openssl: ${r.error.message} (apt-get install openssl)`);
  if (r.status !== 0) throw new ClusterTlsError(`openssl ${args[0]} failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** The CA (once) and a certificate for each of `names` not made yet, under `dir`. */
export function ensureClusterTls(dir: string, names: readonly string[]): ClusterTls {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = path.join(dir, 'ca.pem');
  const caKey = path.join(dir, 'ca-key.pem');
  if (!existsSync(ca) || !existsSync(caKey)) {
    openssl(['req', '-x509', ...EC, '-days', '365', '-keyout', caKey, '-out', ca, '-subj', '/CN=PATX local cluster CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  }
  const certificates: Record<string, CertificateFiles> = {};
  for (const name of names) {
    const files = { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}-key.pem`) };
    if (!existsSync(files.cert) || !existsSync(files.key)) {
      const csr = path.join(dir, `${name}.csr`);
      const ext = path.join(dir, `${name}.ext`);
      // serverAuth and clientAuth: a nats-server presents the same certificate on its routes, as a client of the others.
      writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n');
      openssl(['req', '-new', ...EC, '-keyout', files.key, '-out', csr, '-subj', `/CN=patx-${name}`], dir);
      openssl(['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-days', '365', '-out', files.cert, '-extfile', ext], dir);
      rmSync(csr);
      rmSync(ext);
    }
    chmodSync(files.key, 0o600);
    certificates[name] = files;
  }
  chmodSync(caKey, 0o600);
  return { ca, certificates };
}
