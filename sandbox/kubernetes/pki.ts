/** The sandbox cluster's throw-away CA and certificates, made with the openssl CLI. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onPath } from '../processes.ts';
import { SandboxError } from '../programs/go-build.ts';

export interface Pki {
  ca: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
  adminCert: string;
  adminKey: string;
  proxyCert: string;
  proxyKey: string;
  saKey: string;
}

export function pkiPaths(dir: string): Pki {
  const pki = join(dir, 'pki');
  return {
    ca: join(pki, 'ca.crt'),
    caKey: join(pki, 'ca.key'),
    servingCert: join(pki, 'serving.crt'),
    servingKey: join(pki, 'serving.key'),
    adminCert: join(pki, 'admin.crt'),
    adminKey: join(pki, 'admin.key'),
    proxyCert: join(pki, 'front-proxy-client.crt'),
    proxyKey: join(pki, 'front-proxy-client.key'),
    saKey: join(pki, 'service-account.key'),
  };
}

/** A throw-away CA and the certificates the components need. */
export function makeCertificates(dir: string): Pki {
  if (!onPath('openssl')) {
    throw new SandboxError(
      'The Kubernetes sandbox cluster needs the openssl CLI to make its certificates (Debian: apt-get install openssl).',
    );
  }
  const pki = pkiPaths(dir);
  mkdirSync(join(dir, 'pki'), { recursive: true });
  const config = join(dir, 'pki', 'openssl.cnf');
  writeFileSync(
    config,
    [
      '[req]',
      'distinguished_name = dn',
      '[dn]',
      '[ca]',
      'basicConstraints = critical,CA:TRUE',
      'keyUsage = critical,keyCertSign,cRLSign',
      '[leaf]',
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage = serverAuth,clientAuth',
      'subjectAltName = IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc,DNS:metrics-server.kube-system.svc',
      '',
    ].join('\n'),
  );
  const openssl = (args: string[]) => {
    const result = spawnSync('openssl', args, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new SandboxError(`openssl ${args.join(' ')} failed: ${result.stderr}`);
    }
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const certificate = (subject: string, cert: string, key: string) =>
    openssl([
      'req',
      '-x509',
      '-config',
      config,
      '-extensions',
      'leaf',
      ...ec,
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      subject,
      '-CA',
      pki.ca,
      '-CAkey',
      pki.caKey,
    ]);
  openssl([
    'req',
    '-x509',
    '-config',
    config,
    '-extensions',
    'ca',
    ...ec,
    '-keyout',
    pki.caKey,
    '-out',
    pki.ca,
    '-days',
    '2',
    '-subj',
    '/CN=runsheet-test-ca',
  ]);
  certificate('/CN=kube-apiserver', pki.servingCert, pki.servingKey);
  certificate('/O=system:masters/CN=runsheet-test-admin', pki.adminCert, pki.adminKey);
  certificate('/CN=front-proxy-client', pki.proxyCert, pki.proxyKey);
  // SEC1 ("EC PRIVATE KEY"): --service-account-key-file does not read PKCS #8 EC keys.
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', pki.saKey]);
  return pki;
}
